/**
 * "Embed this figure": the two snippets for the scenario on screen (app/export/embedSnippet.ts), each in a
 * read-only box with its own Copy button — the `<tilt-lab>` element with the library's module script, and an
 * `<iframe>` of the chrome-less view. A copy that the browser refuses says so and selects the text instead.
 */
import { useId, useMemo, useRef, useState } from 'react';
import { embedSnippets } from '../../export/embedSnippet';
import { useApp } from '../../store';

async function copyText(text: string, box: HTMLTextAreaElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard permission (e.g. an insecure origin): select the text so that Ctrl+C copies it.
    box?.focus();
    box?.select();
    return false;
  }
}

function Snippet(props: { label: string; hint: string; text: string; testId: string }) {
  const id = useId();
  const box = useRef<HTMLTextAreaElement>(null);
  const [status, setStatus] = useState('');
  return (
    <div className="embed__snippet">
      <label htmlFor={id} className="embed__label">
        {props.label}
      </label>
      <p className="field__hint">{props.hint}</p>
      <textarea id={id} ref={box} readOnly rows={4} value={props.text} spellCheck={false} className="embed__code" data-testid={`${props.testId}-text`} onFocus={(e) => e.currentTarget.select()} />
      <div className="embed__actions">
        <button
          type="button"
          data-testid={`${props.testId}-copy`}
          onClick={() => void copyText(props.text, box.current).then((ok) => setStatus(ok ? 'Copied.' : 'The browser did not allow copying: the text is selected, press Ctrl+C (⌘C).'))}
        >
          Copy
        </button>
        <span role="status" className="embed__status">
          {status}
        </span>
      </div>
    </div>
  );
}

export function EmbedFigure() {
  const scenario = useApp((s) => s.scenario);
  const compare = useApp((s) => (s.compare ? s.compareSampler : null));
  const snippets = useMemo(() => embedSnippets(scenario, compare, document.baseURI), [scenario, compare]);
  return (
    <details className="embed" data-testid="embed-figure">
      <summary>Embed this figure</summary>
      <Snippet
        label="Element (blogs, course pages)"
        hint={`The library's module script and a <tilt-lab> element: it starts when the reader scrolls to it. See docs/embedding.md.${compare ? ' It shows sampler A; the iframe below shows both.' : ''}`}
        text={snippets.element}
        testId="embed-element"
      />
      <Snippet label="Iframe (anywhere HTML is allowed)" hint="This page's chrome-less view, loaded when the reader scrolls near it." text={snippets.iframe} testId="embed-iframe" />
    </details>
  );
}
