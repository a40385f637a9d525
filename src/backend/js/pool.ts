import { pending } from './pending.js';
export const avgPool2d = pending('avgPool2d');
export const avgPool2dBackward = pending('avgPool2dBackward');
export const maxPool2d = pending('maxPool2d');
export const maxPool2dBackward = pending('maxPool2dBackward');
