// The document.write tokenizer (src/block/elements.ts, eachTag) on hostile input, in Node: 100 KB
// of unfinished tags, quotes and `=`s, each read in linear time, and what it finds. (Chromium
// tests in tests/browser/block.test.ts show what it does to the page.)
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { eachTag } from '../../src/block/elements.js';

// 200 KB: the quadratic tokenizer took 1.5 s for 100 KB on an idle machine, so 6 s here; linear, a few ms.
const N = 200_000;
const fill = (unit: string) => unit.repeat(Math.ceil(N / unit.length)).slice(0, N);
const UNITS = ['<img a ', '<script ', '<<<<img', '<script a="', '<img a="', "<img a='", '<img =', '<img = "', '<img ="x', `<img a="'`, '<img src=', '<img/', '<iframe srcdoc="<img ', '<img a=">"', '<link href=x '];
const TAILS = ['', '>', '">', "'>", `"'>`];

test('200 KB of adversarial strings: each rewritten in linear time, within 1 s (tags after the last > are not read to the end one by one)', () => {
  // Before the fix, 100 KB of '<img a ' took 1.5 s, of '<script ' 1.8 s (quadratic); now a few ms. The 1 s limit
  // is far from both: a loaded machine does not slow linear code 100-fold, and quadratic code at 200 KB takes seconds.
  const slow: string[] = [];
  for (const unit of UNITS) for (const tail of TAILS) for (const s of [fill(unit) + tail, tail + fill(unit), fill(unit + tail)]) {
    const t = performance.now();
    eachTag(s, (tag) => tag);
    const ms = performance.now() - t;
    if (ms > 1000) slow.push(`${JSON.stringify(unit)} + ${JSON.stringify(tail)}: ${ms.toFixed(0)} ms`);
  }
  expect(slow).toEqual([]);
});

test('every complete tag is found, also after unfinished ones and in script text; the rest is left byte for byte', () => {
  const found: string[] = [];
  const s = `${'<img a '.repeat(50)}x"><p>1 < 2</p><script>var a = "<img src='/t.gif'>"</script><SCRIPT SRC=/a.js><link rel=preload href="/b" data-x="a>b"><img alt=it's src=/c>tail <img src=/unfinished`;
  const out = eachTag(s, (tag) => (found.push(tag), `[${found.length}]`));
  expect(found).toEqual([`${'<img a '.repeat(50)}x">`, '<script>', "<img src='/t.gif'>", '<SCRIPT SRC=/a.js>', '<link rel=preload href="/b" data-x="a>b">', "<img alt=it's src=/c>"]);
  expect(out).toBe('[1]<p>1 < 2</p>[2]var a = "[3]"</script>[4][5][6]tail <img src=/unfinished');
  // With nothing changed, the string comes back as it was.
  fc.assert(fc.property(fc.string({ unit: fc.constantFrom('<', '>', '"', "'", '=', ' ', '/', 'img', 'script', 'src', 'a', 'link') }), (x) => eachTag(x, (t) => t) === x), { seed: 7 });
});
