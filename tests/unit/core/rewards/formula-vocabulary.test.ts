// The parser's function names (vocabulary.ts, free of tfjs) and the compiler's ops (ops.ts) are one list in two
// files: a name the parser accepts must compile, and an op the parser does not know would be unreachable.
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../../../src/core/rewards/formula/vocabulary';
import { FUNCTION_OPS } from '../../../../src/core/rewards/formula/ops';

describe('formula vocabulary', () => {
  it('every function the parser accepts has a tfjs op, and no op is unnamed', () => {
    expect(Object.keys(FUNCTION_OPS).sort()).toEqual(Object.keys(FUNCTIONS).sort());
  });
});
