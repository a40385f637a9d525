/**
 * TensorFlow.js as a peer: its pure-JavaScript `cpu` backend (the native binding cannot be
 * installed offline). Loaded lazily so the harness runs without it.
 */
export type Tfjs = typeof import('@tensorflow/tfjs');

/** TensorFlow.js with the cpu backend ready, or null when it cannot be loaded. */
export async function loadTfjs(): Promise<Tfjs | null> {
  const warn = console.warn;
  try {
    // tfjs greets Node users with a suggestion to install tfjs-node (not installable offline); keep the report clean.
    console.warn = () => {};
    const tf = await import('@tensorflow/tfjs');
    await tf.setBackend('cpu');
    await tf.ready();
    // The greeting is printed on the backend's first write.
    tf.tensor([0]).dispose();
    return tf;
  } catch {
    return null;
  } finally {
    console.warn = warn;
  }
}

/** The version reported in peer names. */
export function tfjsPeerName(tf: Tfjs): string {
  return `tfjs-${tf.version.tfjs}-cpu`;
}
