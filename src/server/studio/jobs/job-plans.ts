/**
 * From a job form to a plan: which `atelier` commands a training job runs. Built-in data sets are
 * prepared by a first step (the MNIST digits as PNGs, painting patches) into the studio's data
 * folder, once: a later job skips the step when the folder is there.
 * @module
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import { IMAGE_EXTENSIONS, hasImageExtension } from '../../../data/image-files.js';
import type { JobKind, JobPlan } from './job.js';
import { JobForm, JobRequestError, cliFlags } from './job-request.js';
import { shippedPaintingPath } from './shipped-paintings.js';

/** Where a plan's files go. */
export interface PlanContext {
  /** The run folder of a run name, inside the runs root (refuses names that would leave it). */
  resolveRun(name: string): string;
  /** The studio's own folder for prepared data sets (e.g. `<runs>/.studio/data`). */
  dataDir: string;
}

/** The kinds of job a form may ask for. */
export const JOB_KINDS: readonly JobKind[] = ['classify', 'gan', 'text', 'style'];
/** Built-in training sets of a classifier. */
export const CLASSIFIER_DATA = ['mnist', 'paintings'] as const;
/** Built-in corpora of a text model. */
export const TEXT_CORPORA = ['tang', 'moby-dick'] as const;
/** The built-in content of a fast style network: the shipped photo and the other shipped paintings. */
export const STYLE_BUILTIN_CONTENT = 'builtin';

const RUN_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;

/** Validates `body` (the JSON of `POST /api/jobs`) and turns it into a plan; throws {@link JobRequestError}. */
export function planJob(body: unknown, context: PlanContext): JobPlan {
  const form = new JobForm(body);
  const kind = form.string('kind', true, JOB_KINDS) as JobKind;
  const runName = form.string('run', true);
  if (!RUN_NAME.test(runName) || runName.includes('..')) {
    throw new JobRequestError(`job request: 'run' must be a folder name of letters, digits, '.', '_' and '-' (at most 80, not starting with '.'), got '${runName}'`);
  }
  const runDir = context.resolveRun(runName);
  const overwrite = form.flag('overwrite');
  const resume = form.flag('resume');
  if (overwrite && resume) throw new JobRequestError("job request: 'overwrite' and 'resume' exclude each other");
  const exists = existsSync(runDir) && readdirSync(runDir).length > 0;
  if (exists && !overwrite && !resume) throw new JobRequestError(`job request: run '${runName}' already exists; choose another name, or resume or overwrite it`);
  if (!exists && resume) throw new JobRequestError(`job request: run '${runName}' does not exist, so it cannot be resumed`);
  const common = { overwrite, resume, seed: form.integer('seed', 0, 2 ** 31 - 1) };
  const build = { classify: planClassifier, gan: planGan, text: planText, style: planStyle }[kind];
  const { title, steps } = build(form, runDir, common, context);
  return { kind, runName, runDir, title, steps };
}

type Common = Readonly<Record<'overwrite' | 'resume', boolean> & { seed: number | undefined }>;
type PlanBody = Pick<JobPlan, 'title' | 'steps'>;

function planClassifier(form: JobForm, runDir: string, common: Common, context: PlanContext): PlanBody {
  const data = form.string('data', true);
  const epochs = form.integer('epochs', 1, 1000);
  const flags = {
    out: runDir, epochs, 'batch-size': form.integer('batchSize', 1, 4096), 'image-size': form.integer('imageSize', 8, 512),
    'learning-rate': form.number('learningRate', 1e-8, 10), patience: form.integer('patience', 0, 1000), ...common,
  };
  const epochsText = `${epochs ?? 20} epochs`;
  if (data === 'mnist') {
    const digits = form.integer('digits', 100, 10000) ?? 10000;
    const folder = join(context.dataDir, `mnist-${digits}`);
    return {
      title: `classifier on mnist (${digits} digits), ${epochsText}`,
      steps: [
        { label: `exporting ${digits} MNIST digits as PNGs`, argv: ['dataset', 'mnist', folder, '--count', String(digits)], skipWhen: () => existsSync(folder) },
        // Digits are not mirror images of themselves: no flips (the CLI's augmentation), one grey channel.
        { label: 'training the classifier', argv: ['classify', 'train', folder, ...cliFlags({ ...flags, 'image-size': flags['image-size'] ?? 28, grey: true, 'no-augment': true })] },
      ],
    };
  }
  if (data === 'paintings') {
    const folder = join(context.dataDir, 'painting-patches-64');
    return {
      title: `classifier on the shipped paintings, ${epochsText}`,
      steps: [
        { label: 'cutting painting patches', argv: ['dataset', 'patches', folder], skipWhen: () => existsSync(folder) },
        { label: 'training the classifier', argv: ['classify', 'train', folder, ...cliFlags(flags)] },
      ],
    };
  }
  const folder = localDirectory(data, 'data');
  return { title: `classifier on ${folder}, ${epochsText}`, steps: [{ label: 'training the classifier', argv: ['classify', 'train', folder, ...cliFlags(flags)] }] };
}

function planGan(form: JobForm, runDir: string, common: Common): PlanBody {
  const data = form.string('data', true);
  const source = data === 'mnist' ? 'mnist' : localDirectory(data, 'data');
  const minutes = form.number('minutes', 0.01, 1e4);
  const epochs = form.integer('epochs', 1, 10000);
  const flags = {
    out: runDir, epochs, minutes, 'batch-size': form.integer('batchSize', 1, 4096), size: form.integer('size', 28, 64),
    conditional: form.flag('conditional'), width: form.integer('width', 4, 512), 'sample-every': form.integer('sampleEvery', 1, 1e6),
    'checkpoint-every': form.integer('checkpointEvery', 1, 1e6), ...common,
  };
  const budget = minutes !== undefined ? `${minutes} min` : `${epochs ?? 20} epochs`;
  return { title: `${flags.conditional ? 'conditional ' : ''}GAN on ${source}, ${budget}`, steps: [{ label: 'training the GAN', argv: ['gan', 'train', source, ...cliFlags(flags)] }] };
}

function planText(form: JobForm, runDir: string, common: Common): PlanBody {
  const corpus = form.string('corpus', true);
  const source = (TEXT_CORPORA as readonly string[]).includes(corpus) ? corpus : localFile(corpus, 'corpus');
  const minutes = form.number('minutes', 0.01, 1e4);
  const epochs = form.integer('epochs', 1, 10000);
  const flags = {
    out: runDir, arch: form.string('arch', false, ['lstm', 'gru', 'transformer']), epochs, minutes, units: form.integer('units', 1, 4096),
    layers: form.integer('layers', 1, 16), 'seq-len': form.integer('seqLen', 1, 4096), 'batch-size': form.integer('batchSize', 1, 4096),
    'checkpoint-every': form.integer('checkpointEvery', 0, 1e6), ...common,
  };
  const budget = minutes !== undefined ? `${minutes} min` : `${epochs ?? 10} epochs`;
  return { title: `${flags.arch ?? 'lstm'} text model on ${source}, ${budget}`, steps: [{ label: 'training the text model', argv: ['text', 'train', source, ...cliFlags(flags)] }] };
}

function planStyle(form: JobForm, runDir: string, common: Common): PlanBody {
  const styleField = form.string('style', true);
  const style = shippedPaintingPath(styleField) ?? localImage(styleField, 'style');
  const contentField = form.string('content', true);
  const content = contentField === STYLE_BUILTIN_CONTENT ? contentField : localDirectory(contentField, 'content', 'a folder of pictures');
  const minutes = form.number('minutes', 0.01, 1e4);
  const steps = form.integer('steps', 1, 1e6);
  const size = form.integer('size', 16, 1024);
  if (size !== undefined && size % 4 !== 0) throw new JobRequestError(`job request: 'size' must be a multiple of 4 (the network halves the crops twice), got ${size}`);
  const flags = {
    out: runDir, steps, minutes, size, 'style-size': form.integer('styleSize', 8, 4096), 'batch-size': form.integer('batchSize', 1, 64),
    'preview-every': form.integer('previewEvery', 1, 1e6), 'checkpoint-every': form.integer('checkpointEvery', 1, 1e6), ...common,
  };
  const budget = minutes !== undefined ? `${minutes} min` : `${steps ?? 1000} steps`;
  const on = content === STYLE_BUILTIN_CONTENT ? 'the built-in content' : content;
  return { title: `fast style of ${basename(style)} on ${on}, ${budget}`, steps: [{ label: 'training the style network', argv: ['style', 'train', style, content, ...cliFlags(flags)] }] };
}

/** A folder path of the server's own disk (this is a local app): absolute, existing, a directory. */
function localDirectory(path: string, field: string, expected = 'a folder of images (one sub-folder per class)'): string {
  const info = localPath(path, field);
  if (!info.isDirectory()) throw new JobRequestError(`job request: '${field}' ${path} is a file, expected ${expected}`);
  return path;
}

/** A file path of the server's own disk: absolute, existing, a file. */
function localFile(path: string, field: string, expected = 'a text file'): string {
  const info = localPath(path, field);
  if (!info.isFile()) throw new JobRequestError(`job request: '${field}' ${path} is a folder, expected ${expected}`);
  return path;
}

/** An image file of the server's own disk, or a shipped painting's name (said in the error). */
function localImage(path: string, field: string): string {
  if (!isAbsolute(path)) throw new JobRequestError(`job request: '${field}' must be a shipped painting (a file name in assets/paintings, e.g. vincent_van_gogh_the_starry_night.jpg) or an absolute path to an image on the server, got '${path}'`);
  localFile(path, field, 'an image file');
  if (!hasImageExtension(path)) throw new JobRequestError(`job request: '${field}' ${path} is not an image (expected a file ending in ${[...IMAGE_EXTENSIONS].join(', ')})`);
  return path;
}

function localPath(path: string, field: string) {
  if (!isAbsolute(path)) throw new JobRequestError(`job request: '${field}' must be a built-in name or an absolute path on the server, got '${path}'`);
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info) throw new JobRequestError(`job request: '${field}' ${path} does not exist on the server`);
  return info;
}
