/** Types of the parts of the `gifenc` package (MIT, Matt DesLauriers) that latent walks use. */
declare module 'gifenc' {
  /** An RGB(A) palette: one `[r, g, b]` or `[r, g, b, a]` per colour. */
  type Palette = number[][];
  interface Encoder {
    writeFrame(index: Uint8Array, width: number, height: number, options?: { palette?: Palette; delay?: number; repeat?: number; transparent?: boolean }): void;
    finish(): void;
    bytes(): Uint8Array;
  }
  interface GifencModule {
    GIFEncoder(): Encoder;
    quantize(rgba: Uint8Array | Uint8ClampedArray, maxColors: number, options?: Record<string, unknown>): Palette;
    applyPalette(rgba: Uint8Array | Uint8ClampedArray, palette: Palette, format?: string): Uint8Array;
  }
  const gifenc: GifencModule;
  export default gifenc;
}
