/** Logic the clickToCall components share; no DOM and no component state. */
export { callDirection } from './callDirection';
export { errorMessage } from './errorMessage';
export { fetchRecordNumbers } from './fetchRecordNumbers';
export { formatDuration } from './formatDuration';
export { formatLabel } from './formatLabel';
export { numberVerdict } from './numberVerdict';
