/** The library build's entry: the React component, the framework-free mount, and their types. */
export { TiltLab } from './TiltLab';
export type { TiltLabProps } from './TiltLab';
export { mount } from './mount';
export type { FigureHandle } from './mount';
export type { CachedRun, TiltLabOptions } from './options';
export type { ScenarioInput } from '../core/scenario';
