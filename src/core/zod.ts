/**
 * zod, configured once for the whole project; every schema module imports `z` from here, so no schema can be built
 * before the configuration applies.
 *
 * No compiled fast path for object schemas: zod would probe `new Function` for it, which a strict Content Security
 * Policy (script-src without 'unsafe-eval') reports as a violation. Scenarios are small, so the interpreted path
 * costs nothing measurable.
 */
import { z } from 'zod';

z.config({ jitless: true });

export { z };
