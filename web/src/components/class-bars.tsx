/**
 * Class probabilities as horizontal bars, most probable first.
 * @module
 */

/** One class and its probability. */
export interface ClassBar {
  readonly className: string;
  readonly probability: number;
}

/** The top `limit` classes of `probabilities` (one per class name), most probable first. */
export function topBars(probabilities: ArrayLike<number>, classNames: readonly string[], limit: number): ClassBar[] {
  return Array.from(probabilities, (probability, i) => ({ className: classNames[i] ?? String(i), probability }))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, limit);
}

export function ClassBars({ bars }: { bars: readonly ClassBar[] }) {
  return (
    <ol class="bars">
      {bars.map((bar) => (
        <li key={bar.className} data-class={bar.className}>
          <span class="bar-label">{bar.className}</span>
          <span class="bar-track"><span class="bar-fill" style={{ width: `${(bar.probability * 100).toFixed(1)}%` }} /></span>
          <span class="bar-value">{(bar.probability * 100).toFixed(1)}%</span>
        </li>
      ))}
    </ol>
  );
}
