import { pending } from './pending.js';
export const resizeBilinear = pending('resizeBilinear');
export const resizeBilinearBackward = pending('resizeBilinearBackward');
export const resizeNearest = pending('resizeNearest');
export const resizeNearestBackward = pending('resizeNearestBackward');
