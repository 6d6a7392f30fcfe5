/**
 * `<tilt-lab>`: a figure written as HTML. Defined when the library is loaded as a module; it renders the same
 * component as `mount()` and `<TiltLab/>` (./TiltLab.tsx) into its own shadow root, with the figure's stylesheet
 * inside it, so the host page's CSS and the figure's never meet. Attributes: `scenario` (JSON) or `src` (the URL
 * of a scenario or a saved run), `autoplay`, `loop`, `controls`, `models-base-url`; it reflects its state in a
 * `state` attribute (idle | loading | running | paused | done | error). A bad attribute or file shows its
 * problem inside this figure only.
 */
import css from './embed.css?inline';
import { parseFigureAttributes, FIGURE_ATTRIBUTES } from './attributes';
import type { FigureAttribute } from './attributes';
import { loadSource } from './loadSource';
import { mount } from './mount';
import type { FigureHandle } from './mount';
import type { CachedRun, TiltLabOptions } from './options';
import type { FigureStateName } from './state';
import { observeVisibility } from './visibility';
import type { ScenarioInput } from '../core/scenario';

let sharedSheet: CSSStyleSheet | null = null;

/**
 * The figure's styles in a shadow root: one constructed stylesheet shared by every figure, which a strict Content
 * Security Policy (style-src 'self', no 'unsafe-inline') allows where a <style> element is refused; browsers without
 * constructed stylesheets get the <style> element.
 */
function adoptFigureStyles(shadow: ShadowRoot): void {
  if ('adoptedStyleSheets' in shadow && typeof CSSStyleSheet !== 'undefined' && 'replaceSync' in CSSStyleSheet.prototype) {
    if (!sharedSheet) {
      sharedSheet = new CSSStyleSheet();
      sharedSheet.replaceSync(`${HOST_CSS}\n${css}`);
    }
    shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, sharedSheet];
    return;
  }
  const style = document.createElement('style');
  style.textContent = `${HOST_CSS}\n${css}`;
  shadow.append(style);
}

/** What the shadow root adds to the figure's stylesheet: the host is a block, and inherits nothing from the page. */
const HOST_CSS = `:host { all: initial; display: block; contain: layout style; min-width: 0; }
:host([hidden]) { display: none; }`;

const Base: typeof HTMLElement = typeof HTMLElement === 'undefined' ? (class {} as typeof HTMLElement) : HTMLElement;

export class TiltLabElement extends Base {
  static readonly observedAttributes: readonly string[] = FIGURE_ATTRIBUTES;

  private container: HTMLDivElement | null = null;
  private handle: FigureHandle | null = null;
  private stopWatching: (() => void) | null = null;
  private scheduled = false;
  /** Counts renders, so that a slow `src` fetch of an older attribute set never mounts over a newer one. */
  private generation = 0;

  /** The figure's state (the same word as the `state` attribute). */
  get state(): FigureStateName {
    return (this.getAttribute('state') as FigureStateName | null) ?? 'idle';
  }

  play(): void {
    this.handle?.play();
  }

  pause(): void {
    this.handle?.pause();
  }

  /** The last finished live run, to save and serve as a `src` poster (null until one has finished). */
  result(): CachedRun | null {
    return this.handle?.result() ?? null;
  }

  connectedCallback(): void {
    if (!this.container) {
      const shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
      this.container = document.createElement('div');
      this.container.className = 'tiltlab__host';
      adoptFigureStyles(shadow);
      shadow.append(this.container);
    }
    this.schedule();
  }

  disconnectedCallback(): void {
    this.teardown();
  }

  attributeChangedCallback(): void {
    if (this.isConnected) this.schedule();
  }

  /** Several attributes set in a row make one render. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      if (this.isConnected) this.render();
    });
  }

  private teardown(): void {
    this.generation++;
    this.stopWatching?.();
    this.stopWatching = null;
    this.handle?.unmount();
    this.handle = null;
    this.container?.replaceChildren();
  }

  private setState(state: FigureStateName): void {
    if (this.getAttribute('state') !== state) this.setAttribute('state', state);
    this.dispatchEvent(new CustomEvent('tiltlab-state', { detail: { state }, bubbles: true }));
  }

  private render(): void {
    this.teardown();
    const generation = this.generation;
    const parsed = parseFigureAttributes((name: FigureAttribute) => this.getAttribute(name));
    if (!parsed.ok) return this.showProblem(parsed.problem);
    const { source, options } = parsed;
    if (source.kind === 'scenario') return this.mountFigure(source.input, null, options);
    // A src file is fetched only when the figure comes near the screen.
    this.setState('idle');
    this.stopWatching = observeVisibility(this, (v) => {
      if (!v.near && !v.onScreen) return;
      this.stopWatching?.();
      this.stopWatching = null;
      this.setState('loading');
      void loadSource(source.url, document.baseURI).then((loaded) => {
        if (generation !== this.generation) return;
        if (!loaded.ok) return this.showProblem(loaded.problem);
        this.mountFigure(loaded.scenario, loaded.cached, options);
      });
    });
  }

  private mountFigure(scenario: unknown, cached: CachedRun | null, options: Pick<TiltLabOptions, 'autoplay' | 'loop' | 'controls' | 'modelsBaseUrl'>): void {
    if (!this.container) return;
    this.handle = mount(this.container, scenario as ScenarioInput, {
      ...options,
      cached: cached ?? undefined,
      documentStyles: false,
      onState: (state) => this.setState(state),
    });
  }

  private showProblem(problem: string): void {
    if (!this.container) return;
    const root = document.createElement('div');
    root.className = 'tiltlab__root';
    const figure = document.createElement('div');
    figure.className = 'tiltlab';
    figure.dataset.state = 'error';
    const message = document.createElement('p');
    message.className = 'tiltlab__error';
    message.setAttribute('role', 'alert');
    message.dataset.testid = 'figure-error';
    message.textContent = `This figure could not be shown: ${problem}.`;
    figure.append(message);
    root.append(figure);
    this.container.replaceChildren(root);
    this.setState('error');
  }
}

/** Defines `<tilt-lab>` once per page (a second copy of the library leaves the first definition in place). */
export function defineTiltLabElement(): void {
  if (typeof customElements === 'undefined' || customElements.get('tilt-lab')) return;
  customElements.define('tilt-lab', TiltLabElement);
}
