/**
 * The library build's entry: `<tilt-lab>` (defined on load), the framework-free mount, the React component,
 * and their types.
 */
import { defineTiltLabElement } from './element';

defineTiltLabElement();

export { TiltLabElement } from './element';
export { TiltLab } from './TiltLab';
export type { TiltLabProps } from './TiltLab';
export { mount } from './mount';
export type { FigureHandle, MountOptions } from './mount';
export type { CachedRun, TiltLabOptions } from './options';
export type { FigureStateName } from './state';
export type { ScenarioInput } from '../core/scenario';
