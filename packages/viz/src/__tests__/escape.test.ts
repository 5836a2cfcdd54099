import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { escapeXml, renderLearningCurves, renderPathwayGrid } from '../index.js';
import { byClass, parseSvg } from './xml.js';

/** What a label must read as after a parse round trip: forbidden characters become U+FFFD. */
function expectedText(s: string): string {
  return Array.from(s)
    .map((ch) => {
      const c = ch.codePointAt(0) ?? 0;
      const forbidden =
        (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) ||
        (c >= 0xd800 && c <= 0xdfff) ||
        c === 0xfffe ||
        c === 0xffff;
      return forbidden ? '\uFFFD' : ch;
    })
    .join('');
}

describe('escaping of user text', () => {
  it('turns markup in a label into text, not elements', () => {
    const label = '</text><script>alert(1)</script><text a="b" & \'c\'';
    const svg = renderPathwayGrid({
      layers: 1,
      modules: 2,
      pathways: [{ genotype: [[0]], label }],
      title: label,
    });
    const els = parseSvg(svg);
    expect(els.some((e) => e.tag === 'script')).toBe(false);
    expect(els.filter((e) => e.tag === 'text' && e.text === label).length).toBe(2);
    expect(els.find((e) => e.tag === 'title')?.text).toBe(label);
  });

  it('keeps text that already looks like an entity literal', () => {
    const label = '&lt; &amp; &#60;';
    const els = parseSvg(renderLearningCurves({ series: [{ label, points: [[0, 1]] }] }));
    expect(els.some((e) => e.tag === 'text' && e.text === label)).toBe(true);
  });

  it('escapes a colour put into an attribute', () => {
    const color = '"/><script>x</script><rect fill="';
    const els = parseSvg(
      renderPathwayGrid({
        layers: 1,
        modules: 1,
        pathways: [{ genotype: [[0]], label: 'a', color }],
      }),
    );
    expect(els.some((e) => e.tag === 'script')).toBe(false);
    expect(byClass(els, 'pn-active')[0]?.attrs.fill).toBe(color);
  });

  it('replaces characters XML forbids with U+FFFD', () => {
    expect(escapeXml('a\u0000b\u001Fc\uD800d\uFFFF')).toBe('a\uFFFDb\uFFFDc\uFFFDd\uFFFD');
    expect(escapeXml('tab\tnl\ncr\r \u{1F600}')).toBe('tab\tnl\ncr&#13; \u{1F600}');
  });

  test.prop([fc.string({ unit: 'binary', maxLength: 40 })])(
    'any series label keeps the SVG well-formed and reads back as itself',
    (label) => {
      const svg = renderLearningCurves({ series: [{ label, points: [[0, 0.5]] }] });
      const els = parseSvg(svg);
      const texts = els.filter((e) => e.tag === 'text').map((e) => e.text);
      expect(texts).toContain(expectedText(label));
    },
    60_000,
  );
});
