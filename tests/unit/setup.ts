// Unit tests run on the tfjs cpu backend by default (algorithms.md §7); heavy tests switch to wasm
// through useNodeBackend('wasm') from src/cli/backend.ts.
import { useNodeBackend } from '../../src/cli/backend';

await useNodeBackend('cpu');
