import { pending } from './pending.js';
export const slice = pending('slice');
export const assignSlice = pending('assignSlice');
export const pad = pending('pad');
