/**
 * A browser that gives the page no storage (no IndexedDB, private mode, a used-up quota): saving fails softly —
 * the panel says why, one notice says the work stays for this visit only, and nothing throws.
 */
import { describe, expect, it } from 'vitest';
import { listModels, storageProblem, StorageUnavailable } from '../../../src/engine/saved/savedDb';
import { refreshSaved } from '../../../src/app/storage/savedWork';
import { useSaved } from '../../../src/app/storage/savedState';

describe('saved work without storage', () => {
  it('every call rejects with StorageUnavailable when there is no IndexedDB', async () => {
    expect(typeof indexedDB).toBe('undefined');
    await expect(listModels()).rejects.toThrow(new StorageUnavailable('this browser has no IndexedDB'));
  });

  it('the page falls back to memory with one notice that says why', async () => {
    expect(await refreshSaved()).toEqual([]);
    expect(await refreshSaved()).toEqual([]);
    const s = useSaved.getState();
    expect(s.available).toBe(false);
    expect(s.unavailableReason).toBe('this browser has no IndexedDB');
    expect(s.notices.map((n) => n.text)).toEqual([
      'Nothing can be saved in this browser (this browser has no IndexedDB): your points and the models you train stay until you close or reload the page.',
    ]);
  });

  it('names a used-up quota and private browsing in words', () => {
    expect(storageProblem(new DOMException('full', 'QuotaExceededError'))).toBe(
      "this browser's storage quota is used up",
    );
    expect(storageProblem(new DOMException('no', 'InvalidStateError'))).toBe(
      'this browser does not allow storage here (private browsing?)',
    );
  });
});
