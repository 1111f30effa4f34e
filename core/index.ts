// Public API of the coordination core: what agents import. Each domain adds its exports here.
export { BatonError, type BatonErrorCode } from './errors.ts';
export { layout, type Layout } from './layout.ts';
export { initDirectory, type RootRecord } from './root.ts';
export { validateName, validateResourcePath } from './files/names.ts';
export type { Diagnostic } from './files/diagnostic.ts';
