import { pending } from './pending.js';
export const conv2d = pending('conv2d');
export const conv2dBackwardInput = pending('conv2dBackwardInput');
export const conv2dBackwardFilter = pending('conv2dBackwardFilter');
