import { pending } from './pending.js';
export const cumsum = pending('cumsum');
export const gather = pending('gather');
export const oneHot = pending('oneHot');
export const scatterAdd = pending('scatterAdd');
export const topK = pending('topK');
