/**
 * Image input/output: decoding to tensors, encoding tensors, atomic writes, and the codec seam
 * (sharp in Node; a browser codec can be installed with `setImageCodec`). Import as `atelier/io`.
 * @module
 */
export {
  readImage, readImagePixels, writeImage, encodeImage, imageToTensorBatch, rawToTensor, tensorToRaw,
  type ReadImageOptions, type WriteImageOptions,
} from './image.js';
export { ImageDecodeError } from './image-errors.js';
export {
  getImageCodec, setImageCodec, describeSource,
  type ImageCodec, type RawImage, type ImageSource, type DecodeRequest, type EncodeRequest, type ImageInfo, type ImageFormat, type ResizeFit,
} from './image-codec.js';
export { writeFileAtomic } from './atomic-write.js';
export {
  commitSnapshot, latestSnapshot, listSnapshots, removeLeftovers, removeSnapshot,
  type Snapshot, type SnapshotFiles, type CommitOptions,
} from './snapshots.js';
export { mapLimited } from './map-limited.js';
