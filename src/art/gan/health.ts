/**
 * Training-health checks: the failure modes a GAN user meets first, detected from numbers the
 * training loop already has, each with remedies.
 * @module
 */

/** How long the discriminator must win outright before the warning (steps). */
export const DISCRIMINATOR_WIN_STEPS = 200;
/** Its loss below this counts as winning outright (the non-saturating loss starts near 1.4). */
export const DISCRIMINATOR_WIN_LOSS = 0.05;

/** The warning when the discriminator's loss has stayed near 0. */
export function discriminatorWinsMessage(steps: number, loss: number): string {
  return `the discriminator wins outright: its loss has stayed below ${DISCRIMINATOR_WIN_LOSS} for ${steps} steps (now ${loss.toExponential(2)}), `
    + 'so the generator gets almost no gradient. Remedies: turn on DiffAugment (--augment color,translation,cutout), '
    + 'keep label smoothing on (--label-smoothing 0.1), try the hinge loss (--loss hinge), use a narrower discriminator, '
    + 'or add data (small data sets are memorised by the discriminator).';
}

/**
 * Watches the discriminator's loss step by step and reports (once per episode) when it has stayed
 * near 0 for {@link DISCRIMINATOR_WIN_STEPS} steps.
 */
export class DiscriminatorWatch {
  private run = 0;
  private warned = false;

  /** Feeds one step's discriminator loss; returns a warning message when the condition is first met. */
  observe(discriminatorLoss: number): string | null {
    if (discriminatorLoss < DISCRIMINATOR_WIN_LOSS) this.run++;
    else {
      this.run = 0;
      this.warned = false;
    }
    if (this.run >= DISCRIMINATOR_WIN_STEPS && !this.warned) {
      this.warned = true;
      return discriminatorWinsMessage(this.run, discriminatorLoss);
    }
    return null;
  }
}

/** The smallest class share below which samples count as collapsed (half a uniform share). */
export function collapseThreshold(numClasses: number): number {
  return 0.5 / numClasses;
}

/**
 * A warning when a class histogram of samples has collapsed (a class under half its uniform share,
 * or an entropy under 80% of the maximum), or null.
 */
export function histogramCollapseMessage(shares: readonly number[], classNames: readonly string[]): string | null {
  const k = shares.length;
  const entropy = Math.max(0, -shares.reduce((s, p) => s + (p > 0 ? p * Math.log(p) : 0), 0));
  const missing = shares.map((p, i) => [p, i] as const).filter(([p]) => p < collapseThreshold(k));
  if (missing.length === 0 && entropy >= 0.8 * Math.log(k)) return null;
  const rare = missing.map(([p, i]) => `${classNames[i] ?? i} ${(p * 100).toFixed(1)}%`).join(', ');
  const collapsed = entropy < 0.8 * Math.log(k);
  const what = collapsed
    ? 'the class histogram of the samples has collapsed'
    : 'the class histogram of the samples is collapsing: some classes are under half their share';
  return `${what} (entropy ${entropy.toFixed(2)} of at most ${Math.log(k).toFixed(2)} nats${rare ? `; rare: ${rare}` : ''}): `
    + `${collapsed ? 'the generator covers only part of the data (mode collapse)' : 'the generator makes some classes too rarely (the start of mode collapse)'}. `
    + 'Remedies: train longer (a GAN often fills in rare classes later) '
    + 'or restart from an earlier checkpoint, turn on DiffAugment, use the hinge loss, lower the learning rates, or train a conditional GAN (--conditional).';
}
