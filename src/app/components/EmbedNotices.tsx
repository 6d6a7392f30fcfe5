/**
 * The embed's notices, in one box above the figure (it has no room for the page's notice bar): bad `?embed` options
 * (named and ignored), a link whose scenario did not validate — the figure then shows defaults, not what its author
 * linked, and must say so — and a crashed engine. A run's own failure is written on its canvas, as on the page.
 */
import { problemList } from '../../view/problemList';
import { useApp } from '../store';

export function EmbedNotices(props: { optionProblems: readonly string[] }) {
  const linkProblems = useApp((s) => s.linkProblems);
  const crash = useApp((s) => s.engineCrash);
  if (!crash && linkProblems.length === 0 && props.optionProblems.length === 0) return null;
  return (
    <div className="embed__notices">
      {crash && (
        <p className="embed__problem" role="alert">
          The sampling engine stopped: {crash}. Reload the page to start it again.
        </p>
      )}
      {linkProblems.length > 0 && (
        <p className="embed__problem" role="status" data-testid="embed-link-problems">
          The link&apos;s scenario was not valid; defaults stand in for what is named: {problemList(linkProblems)}.
        </p>
      )}
      {props.optionProblems.length > 0 && (
        <p className="embed__problem" role="status" data-testid="embed-problems">
          {props.optionProblems.join('; ')}
        </p>
      )}
    </div>
  );
}
