/**
 * Entry script of a Node worker thread: hands `workerData` to the host-independent loop.
 * @module
 */
import { workerData } from 'node:worker_threads';
import type { WorkerInit } from './platform.js';
import { serveTasks } from './worker-loop.js';

serveTasks(workerData as WorkerInit);
