/**
 * "Saved in this browser": the models trained or fine-tuned in the page (rename, delete, export to a file,
 * import from one), whether the user's points are saved, and the scenario an earlier visit ended on. The work
 * itself is saved as it happens (storage/savedWork.ts); this panel only shows and manages it.
 */
import { useId, useRef, useState } from 'react';
import { MAX_SAVED_BYTES, MAX_SAVED_MODELS } from '../../../engine/saved/savedDb';
import type { SavedModelMeta } from '../../../engine/saved/savedDb';
import { describeScenario } from '../../../view/describe';
import {
  deleteSaved,
  exportSaved,
  forgetSavedPoints,
  importSaved,
  openLastScenario,
  renameSaved,
} from '../../storage/savedWork';
import { dismissSavedNotice, useSaved } from '../../storage/savedState';

function sizeText(bytes: number): string {
  return bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} kB`;
}

function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function SavedModelRow(props: { model: SavedModelMeta; onMessage: (m: { ok: boolean; message: string }) => void }) {
  const { model, onMessage } = props;
  const [editing, setEditing] = useState(false);
  const [label, setLabel] = useState(model.label);
  const inputId = useId();
  const fail = (what: string) => (e: unknown) =>
    onMessage({
      ok: false,
      message: `Could not ${what} "${model.label}": ${e instanceof Error ? e.message : String(e)}.`,
    });
  const commit = () => {
    const trimmed = label.trim();
    setEditing(false);
    if (trimmed && trimmed !== model.label) void renameSaved(model.name, trimmed.slice(0, 120)).catch(fail('rename'));
    else setLabel(model.label);
  };
  return (
    <li className="saved__model" data-testid="saved-model" data-name={model.name}>
      {editing ? (
        <form
          className="saved__rename"
          onSubmit={(e) => {
            e.preventDefault();
            commit();
          }}
        >
          <label htmlFor={inputId} className="visually-hidden">
            New name for {model.label}
          </label>
          <input
            id={inputId}
            value={label}
            maxLength={120}
            autoFocus
            onChange={(e) => setLabel(e.target.value)}
            onBlur={commit}
            data-testid="saved-rename-input"
          />
        </form>
      ) : (
        <span className="saved__label">{model.label}</span>
      )}
      <span className="saved__meta">
        {model.kind === 'trained' ? 'trained' : 'fine-tuned'} · {sizeText(model.bytes)} ·{' '}
        {new Date(model.savedAt).toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })}
      </span>
      <span className="saved__actions">
        <button
          type="button"
          className="linklike"
          onClick={() => setEditing(true)}
          aria-label={`Rename ${model.label}`}
        >
          Rename
        </button>
        <button
          type="button"
          className="linklike"
          aria-label={`Export ${model.label} to a file`}
          onClick={() =>
            void exportSaved(model.name).then((file) => {
              if (file) download(file.fileName, file.text);
            }, fail('export'))
          }
        >
          Export
        </button>
        <button
          type="button"
          className="linklike"
          aria-label={`Delete ${model.label}`}
          onClick={() => void deleteSaved(model.name).catch(fail('delete'))}
          data-testid="saved-delete"
        >
          Delete
        </button>
      </span>
    </li>
  );
}

export function SavedPanel() {
  const saved = useSaved();
  const fileInput = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState<{ ok: boolean; message: string } | null>(null);
  return (
    <section className="panel saved" aria-labelledby="saved-heading" data-testid="saved-panel">
      <h2 id="saved-heading">Saved in this browser</h2>
      {saved.available === false ? (
        <p className="panel__note" data-testid="saved-unavailable">
          Nothing can be saved here ({saved.unavailableReason}). What you make stays until you close or reload the page.
        </p>
      ) : (
        <>
          {saved.lastScenario && (
            <p className="panel__note">
              Your last visit ended on: {describeScenario(saved.lastScenario, null)}{' '}
              <button type="button" className="linklike" onClick={openLastScenario} data-testid="saved-open-last">
                Open it
              </button>
            </p>
          )}
          {saved.models.length === 0 ? (
            <p className="panel__note">
              Models you train or fine-tune here are saved as they finish, and offered again on your next visit.
            </p>
          ) : (
            <ul className="saved__list">
              {saved.models.map((m) => (
                <SavedModelRow key={`${m.name}:${m.label}`} model={m} onMessage={setMessage} />
              ))}
            </ul>
          )}
          <p className="panel__note">
            {saved.pointsSaved ? (
              <>
                Your points are saved.{' '}
                <button type="button" className="linklike" onClick={() => void forgetSavedPoints()}>
                  Forget them
                </button>
              </>
            ) : (
              'Points you draw or load are saved too.'
            )}
          </p>
          <p className="panel__note">
            At most {MAX_SAVED_MODELS} models and {MAX_SAVED_BYTES / 2 ** 20} MB are kept; the oldest go first.
          </p>
          <div className="panel__row panel__row--buttons">
            <button type="button" onClick={() => fileInput.current?.click()}>
              Import a model file…
            </button>
            <input
              ref={fileInput}
              type="file"
              tabIndex={-1}
              aria-label="Model file to import"
              accept=".json,application/json"
              className="visually-hidden"
              data-testid="saved-import"
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file)
                  void file
                    .text()
                    .then((text) => importSaved(text, file.name))
                    .then(setMessage);
              }}
            />
          </div>
        </>
      )}
      {message && (
        <div
          className={message.ok ? 'panel__note' : 'field__error'}
          role={message.ok ? 'status' : 'alert'}
          data-testid="saved-message"
        >
          {message.message}
        </div>
      )}
    </section>
  );
}

/** The notices of saved work (evictions, storage failures, a link's missing model), shown with the page's notices. */
export function SavedNotices() {
  const notices = useSaved((s) => s.notices);
  return (
    <>
      {notices.map((n) => (
        <div key={n.id} className={`notice notice--${n.tone}`} role="status" data-testid="saved-notice">
          {n.text}
          <button type="button" className="notice__close" onClick={() => dismissSavedNotice(n.id)} aria-label="Dismiss">
            ×
          </button>
        </div>
      ))}
    </>
  );
}
