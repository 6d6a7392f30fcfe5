/**
 * "About this sampler": for the sampler of each lane, what target it samples, when it is exact (and which
 * method ran here, from the run summary), how to read the charts, and, for the analytic models, the closed
 * form next to the sampler's numbers.
 */
import type { Lane } from '../../../engine/messages';
import { samplerView } from '../../../view/samplers';
import { targetVerdict } from '../../../view/samplers/verdict';
import { useLane } from '../../runControl';
import { useApp } from '../../store';
import type { LaneRun } from '../../store';
import { TexFormula } from './TexFormula';

function fmt(v: number | undefined | null): string {
  return v === undefined || v === null || !Number.isFinite(v) ? '—' : v.toFixed(3);
}

/** Closed form against the sampler, where the summary has both (GMM models; §2.3, §2.5, §5.3). */
function ClosedFormTable(props: { lane: Lane; run: LaneRun }) {
  const s = props.run.summary;
  if (!s) return <p className="about__pending">The comparison appears when the run has finished.</p>;
  const exactReward = s.exactMeanReward ?? props.run.exact?.meanReward;
  if (exactReward === undefined) return <p>This model has no closed-form target (a learned density), so there is nothing exact to compare with.</p>;
  const rows: Array<[string, string, string, string]> = [['mean-reward', 'Mean reward', fmt(exactReward), fmt(s.meanReward)]];
  if (s.logZ !== undefined && s.logZHat !== undefined) rows.push(['log-z', 'log Z', fmt(s.logZ), fmt(s.logZHat)]);
  if (s.exactTransportCost !== undefined && s.transportCost !== undefined) rows.push(['transport', 'Transport cost', fmt(s.exactTransportCost), fmt(s.transportCost)]);
  if (s.energyDistance !== undefined) rows.push(['energy', 'Energy distance to target', '0', s.energyDistance.toFixed(4)]);
  return (
    <table className="about__table" data-testid={`about-${props.lane}-table`}>
      <caption>Closed form next to the sampler</caption>
      <thead>
        <tr>
          <th scope="col" />
          <th scope="col">Closed form</th>
          <th scope="col">Sampler</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([id, label, exact, sampled]) => (
          <tr key={id}>
            <th scope="row">{label}</th>
            <td data-testid={`about-${props.lane}-${id}-exact`}>{exact}</td>
            <td data-testid={`about-${props.lane}-${id}-sampler`}>{sampled}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function LaneAbout(props: { lane: Lane; heading: string }) {
  const run = useLane(props.lane, (r) => r);
  const kind = useApp((s) => (props.lane === 'a' ? s.scenario.sampler.kind : s.compareSampler.kind));
  const note = samplerView(kind).notes;
  const s = run.summary;
  return (
    <div className="about__lane" data-testid={`about-${props.lane}`}>
      <h3>
        {props.heading}
        {samplerView(kind).label}
      </h3>
      <p>
        <strong>Target.</strong> {note.target}
      </p>
      <TexFormula tex={note.formula} />
      <p>
        <strong>When it is exact.</strong> {note.exactWhen}
      </p>
      {s && (
        <p data-testid={`about-${props.lane}-method`}>
          <strong>Here:</strong> method <code>{s.method}</code> ran, which is{' '}
          {s.exact ? 'exact for this model and reward' : 'an approximation for this model and reward'}
          {run.scenario ? ` (${targetVerdict(run.scenario, s).label}). ${targetVerdict(run.scenario, s).explanation}` : '.'}
        </p>
      )}
      <p>
        <strong>Reading the charts.</strong> {note.charts}
      </p>
      <ClosedFormTable lane={props.lane} run={run} />
    </div>
  );
}

export function AboutSampler() {
  const compare = useApp((s) => s.compare);
  return (
    <section className="about panel" aria-labelledby="about-heading" data-testid="about-sampler">
      <h2 id="about-heading">About this sampler</h2>
      <LaneAbout lane="a" heading={compare ? 'A: ' : ''} />
      {compare && <LaneAbout lane="b" heading="B: " />}
    </section>
  );
}
