/**
 * A tiny SVG bar chart (no chart library). Bars run in reading order: mirrored for right-to-left (styles.css).
 * Screen readers get the figures as a list (an SVG with role="img" hides its bars' titles from them).
 */
export function BarChart({ bars, label }: { bars: Array<{ key: string; value: number; title: string }>; label: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const w = 24;
  const h = 80;
  return (
    <>
      <svg className="chart" aria-hidden="true" focusable="false" viewBox={`0 0 ${bars.length * w} ${h + 2}`} preserveAspectRatio="none">
        {bars.map((b, i) => {
          const bh = Math.round((b.value / max) * h);
          return (
            <rect key={b.key} x={i * w + 3} y={h - bh} width={w - 6} height={Math.max(bh, 1)}>
              <title>{b.title}</title>
            </rect>
          );
        })}
      </svg>
      <ul className="visually-hidden" aria-label={label}>
        {bars.map((b) => <li key={b.key}>{b.title}</li>)}
      </ul>
    </>
  );
}
