/**
 * Holds elements whose URL needs a category not granted yet, whatever route gave them the URL.
 * Which elements and attributes can make a request is one table (./table.ts, derived from
 * maintained sources by scripts/url-table.mjs): the hooks, the HTML rewriter and the tests read it.
 *
 * - an attribute or property set by a script: `setAttribute(NS)`, `setAttributeNode(NS)`, an
 *   attribute node's `value`/`nodeValue`/`textContent`, `attributes.setNamedItem(NS)`, and every
 *   URL property of the table's elements (found on their prototypes, so also `new Image().src`);
 *   SVG `href`/`xlink:href` on every SVG element but `<a>`, also `href.baseVal`; `new Audio(url)`;
 * - HTML parsed from a string (`innerHTML`, `outerHTML`, `insertAdjacentHTML`): parsed first in
 *   an inert `<template>`, where nothing loads, and held there;
 * - insertion of nodes that got their URL another way (cloned, imported): `append*`, `insert*`,
 *   `prepend`, `before`/`after`, `replaceWith`, `replaceChild(ren)`, a `Range`'s;
 * - nodes made for the document, whose images and media would load at once: `importNode`,
 *   `adoptNode`, `createContextualFragment`, `setHTMLUnsafe`, `setHTML`, held before they return;
 * - `document.write` and `execCommand('insertHTML')`: the HTML is changed first (each gated tag
 *   into its marked form); `execCommand('insertImage')` of a gated URL does nothing;
 * - the HTML parser (scripts after the drop-in): a MutationObserver sees each script before it
 *   runs (the parser checks microtasks before it runs a script) and takes its `src` away;
 * - same-origin frames: all of the above is installed into each frame's window as soon as the
 *   frame is in the document (its first, empty document; Chromium keeps that window for a
 *   same-origin or `srcdoc` page loaded next), and again when a frame loads.
 *
 * A held script, `<link>`, SVG element or other attribute without a marked form keeps no URL
 * attribute, and gets it back in place when its categories are granted, so `onload` handlers set
 * on it still fire; scripts from the HTML are released `async = false`, in document order. A held
 * `iframe`, `img`, `video`, `audio`, `source`, `embed`, `object` or `input` becomes a marked
 * element (`data-consent` and `data-src`/`data-srcset`/`data-poster`): the gate gives it the
 * placeholder and releases it like any marked element; one that is not in the page's document (a
 * pixel, one in a frame) is released here.
 */
import type { Consent } from '../core/types.js';
import { isSafeUrl } from '../core/url.js';
import { releaseEmbed } from '../gate/embeds.js';
import { noteHeld } from './held.js';
import { HTML_URL_ATTRIBUTES, SVG_HREF_ELEMENTS } from './table.js';

const URL_ATTRS = new Map(Object.entries(HTML_URL_ATTRIBUTES));
const HTML = 'http://www.w3.org/1999/xhtml';
const SVG = 'http://www.w3.org/2000/svg';
const XLINK = 'http://www.w3.org/1999/xlink';
/** SVG elements load from `href` (or the older `xlink:href`): every one but `<a>` (a link) is held, not only those the table names. */
const SVG_HREF = ['href', 'xlink:href'];
const attrsOf = (el: Element): string[] | undefined => el.namespaceURI === HTML ? URL_ATTRS.get(el.localName)
  : el.namespaceURI === SVG && el.localName !== 'a' ? SVG_HREF : undefined;
/** The HTML standard's JavaScript MIME types ("JavaScript MIME type essence match", any case), and `module`. */
export const JS_TYPE = /^(module|(text|application)\/(x-)?(java|ecma)script|text\/(javascript1\.[0-5]|jscript|livescript))$/i;
/** A tag `document.write` wrote without its URL: the number under which it waits (picked up when the parser inserts it). */
const TOKEN = 'data-consent-held';
/** Every attribute name of the table, and `href`. */
const NAMES = [...new Set([...URL_ATTRS.values()].flat().concat('href'))].join('|');
// `[*|href]`: in any namespace (xlink:href too); attrsOf sorts out which elements it means.
const SELECTOR = [...URL_ATTRS].flatMap(([tag, attrs]) => attrs.map((a) => `${tag}[${a}]`)) + `,:not(a,area)[*|href],[${TOKEN}]`;
/** Elements the gate has a marked form for (`data-src`, `data-srcset`, `data-poster`). */
const MARKABLE = /^(iframe|img|video|audio|source|embed|object|input)$/;
/** Held by taking the URL away, and given back here: scripts, `<link>`s, SVG, `srcdoc`, `ping`, `background`, `track`, … */
const bare = (el: Element, attr: string) => !(el.namespaceURI === HTML && MARKABLE.test(el.localName) && /^(src|srcset|poster|data)$/.test(attr));
/** Frames, whose window may be the page's origin. */
const FRAMES = 'iframe,frame,object,embed';

// A quote opens a value only after `=` (`alt=it's` is a plain value), as the HTML tokenizer
// reads it. The attributes are taken in a lookahead, which does not backtrack: a tag the write
// leaves unfinished fails at once, not after trying every split of its quotes (exponential).
// The tags: every element of the table, HTML's and SVG's (`image` too: HTML reads it as `img`).
const TAG = RegExp(`<(?:${[...URL_ATTRS.keys(), ...SVG_HREF_ELEMENTS, 'image'].join('|')})\\b(?=((?:[^>"'=]|=\\s*"[^"]*"|=\\s*'[^']*'|[="'])*))\\1>`, 'gi');
// Tags after the last `>` cannot end in this string, and each would be read to its end (100 KB
// of unfinished `<img a ` took 1.5 s): they are left as they are, so the whole is read once.
/**
 * Replaces each complete tag in `html` that may load something (`<script`, `<img`, … up to its
 * `>`, with quoted `>`s inside) by `f(tag)`; the rest stays as it is. Linear in the length.
 */
export const eachTag = (html: string, f: (tag: string) => string): string => {
  const end = html.lastIndexOf('>') + 1;
  return html.slice(0, end).replace(TAG, f) + html.slice(end);
};

/** An element held: the attribute it did not get, its value, the categories it waits for. */
interface Held { el: Element; attr: string; value: unknown; cats: string[]; inOrder: boolean; marked?: boolean; wasIn?: boolean }

type Win = Window & typeof globalThis;
type Methods = Record<string, (...a: unknown[]) => unknown>;
const { defineProperty, getOwnPropertyDescriptor: describe, getPrototypeOf } = Object;
/** Replaces the setter of `p[name]` by `set(v, original)`. */
const onSet = (p: object, name: string, set: (this: never, v: unknown, orig: (v: unknown) => void) => void) => {
  const d = describe(p, name);
  if (d?.set) defineProperty(p, name, { ...d, set(this: never, v: unknown) { set.call(this, v, (x) => d.set!.call(this, x)); } });
};
/** Wraps method `m` of `p`: `f(this, args, original)` decides. */
const wrap = (p: unknown, m: string, f: (self: never, args: unknown[], orig: (...a: unknown[]) => unknown) => unknown) => {
  const o = p as Methods | undefined;
  const orig = o?.[m];
  if (orig) o[m] = function (this: never, ...args: unknown[]) { return f(this, args, (...a) => orig.apply(this, a)); };
};

/**
 * Installs the hooks in this window and in each same-origin frame's. `needs(url, base)` returns
 * the categories a URL needs (`[]`: not gated); `network(w)` installs the network hooks in a window.
 * @returns `release()`: gives back what is now granted (call after every consent change), with the categories released
 */
export function holdElements(consent: Consent, needs: (url: string, base?: string) => string[], network: (w: Win) => void): () => string[] {
  const held = new Set<Held>();
  /** What each tag `document.write` wrote without its URL waits for: `[attribute, URL, categories]`, by its TOKEN number. */
  const written: [string, string, string[]][][] = [];
  const windows = new WeakSet<Window>();
  const observed = new WeakSet<Document>();
  const proto = Element.prototype;
  const setAttribute = proto.setAttribute;
  const removeAttribute = proto.removeAttribute;
  const insertBefore = Node.prototype.insertBefore;
  const innerHTML = describe(proto, 'innerHTML')!;
  const gated = (cats: string[]) => cats.length && !cats.every((c) => consent.has(c)) ? cats : undefined;

  /** HTML as parsed and written out again (in an inert template): its character references read. */
  const decoded = (html: string): string => {
    const t = document.createElement('template');
    innerHTML.set!.call(t, html);
    return innerHTML.get!.call(t);
  };
  /**
   * The URLs a document's HTML names, as loose as the browser reads them: every `//host…` and
   * `http:host…`, its character references read (nested twice), tabs and newlines dropped (the
   * URL parser drops them), `\` read as `/` (it does so in http(s) URLs).
   */
  const inHtml = (html: string): string[] => {
    let all = html;
    for (let i = 0, t = html; i < 3 && t !== (t = decoded(t)); i++) all += ' ' + t;
    return all.replace(/[\t\n\r]/g, '').replace(/\\/g, '/').match(/\b(https?|wss?|ftp):\/*[^\s"'<>`)/]+|\/\/[^\s"'<>`)]+/gi)
      ?.map((u) => u.replace(/^(\w+):\/*/, '$1://')) ?? [];
  };
  /** The text of a `data:` URL (base64 or %-escaped), or undefined for another URL. */
  const dataText = (url: string): string | undefined => {
    const d = /^\s*data:([^,]*),([\s\S]*)$/i.exec(url);
    if (!d) return;
    let t = d[2]!;
    try { t = decodeURIComponent(t); } catch { /* kept as it is */ }
    try { if (/;\s*base64\s*$/i.test(d[1]!)) t += atob(t.replace(/\s/g, '')); } catch { /* not base64: read as text */ }
    return t;
  };
  /** The URLs an attribute's value names: srcset's candidates, ping's list, srcdoc's and data: URLs' documents' (two deep). */
  const urlsOf = (attr: string, s: string, depth = 0): string[] => {
    const list = /srcset$/.test(attr) ? s.split(',').map((c) => c.trim().split(/\s+/)[0]!)
      : attr === 'ping' ? s.trim().split(/\s+/) : attr === 'srcdoc' ? inHtml(s) : [s];
    return list.flatMap((u) => {
      const text = depth < 2 && dataText(u);
      return text ? [u, ...urlsOf('srcdoc', text, depth + 1)] : [u];
    });
  };

  /** The categories not all granted that the value of `el`'s `attr` needs, or undefined. */
  const blocked = (el: Element, attr: string, value: unknown, attrs = attrsOf(el)): string[] | undefined => {
    if (!attrs?.includes(attr)) return;
    // A script of another type (a marked `text/plain` one, JSON, a template) loads nothing; the gate runs marked ones.
    const type = el.localName === 'script' && el.getAttribute('type');
    if (type && !JS_TYPE.test(type.trim())) return;
    // A document without a window (a template's, DOMParser's) has no base of its own: the page's.
    const d = el.ownerDocument;
    const base = d.defaultView ? d.baseURI : document.baseURI;
    return gated([...new Set(urlsOf(attr, String(value)).flatMap((u) => needs(u, base)))]);
  };

  /**
   * Gives `el` the marked form, which the gate places the placeholder for and releases:
   * `data-consent` with `cats`, the URL in `data-src`/`data-srcset`/`data-poster`. A script keeps
   * its `src` and becomes `type="text/plain"` (its own type in `data-type`): written ones only.
   */
  const mark = (el: Element, attr: string, value: unknown, cats: string[]) => {
    const m = el.getAttribute('data-consent');
    setAttribute.call(el, 'data-consent', [...new Set([...(m ? m.split(/\s+/) : []), ...cats])].join(' '));
    if (el.localName === 'script') {
      const type = el.getAttribute('type');
      if (type) setAttribute.call(el, 'data-type', type);
      setAttribute.call(el, 'type', 'text/plain');
    } else {
      setAttribute.call(el, attr === 'data' ? 'data-src' : 'data-' + attr, String(value));
      removeAttribute.call(el, attr);
    }
  };

  /** Holds `el`'s `attr` (not set, or taken away) if its value is gated; true then. */
  const hold = (el: Element, attr: string, value: unknown, inOrder = false): boolean => {
    const cats = blocked(el, attr, value);
    if (!cats) return false;
    // Set again while held: the last value counts.
    for (const h of held) if (h.el === el && h.attr === attr) held.delete(h);
    // The gate releases marked elements with http(s) URLs only: a `data:` one is held here.
    const marked = !bare(el, attr) && isSafeUrl(String(value));
    if (marked) mark(el, attr, value, cats);
    else if (el.hasAttribute(attr)) removeAttribute.call(el, attr);
    held.add(noteHeld({ el, attr, value, cats, inOrder, marked, wasIn: el.isConnected }));
    return true;
  };

  /** Installs everything into the windows of the same-origin frames in `node` (and itself, if a frame). */
  const frames = (node: unknown) => {
    const n = node as Element | null;
    if (n?.nodeType !== 1 && n?.nodeType !== 9 && n?.nodeType !== 11) return;
    for (const f of [...(n.nodeType == 1 && n.matches(FRAMES) ? [n] : []), ...n.querySelectorAll(FRAMES)]) {
      try {
        const w = (f as HTMLIFrameElement).contentWindow as Win | null;
        // Reading its document throws for another origin's window: nothing to install there.
        if (w?.document) install(w);
      } catch { /* another origin */ }
    }
  };

  /** Holds every gated URL attribute in `node` and below (an element, a fragment, a document). */
  const holdIn = (node: unknown, inOrder = false) => {
    const n = node as Element | null;
    if (n?.nodeType !== 1 && n?.nodeType !== 11) return;
    const els = n.nodeType == 1 && n.matches(SELECTOR) ? [n] : [];
    if (n.firstElementChild) els.push(...n.querySelectorAll(SELECTOR));
    for (const el of els) {
      // Written without its URL: held from here (given at once if its categories were granted meanwhile).
      const k = el.getAttribute(TOKEN);
      if (k !== null) {
        removeAttribute.call(el, TOKEN);
        for (const [attr, value, cats] of written[+k] ?? []) {
          if (cats.every((c) => consent.has(c))) setAttribute.call(el, attr, value);
          else held.add(noteHeld({ el, attr, value, cats, inOrder: false }));
        }
        delete written[+k];
      }
      for (const a of attrsOf(el) ?? []) if (el.hasAttribute(a)) hold(el, a, el.getAttribute(a), inOrder);
    }
  };

  // document.write: the parser requests what is written before any observer could see it, so
  // the HTML is changed before it is written. Each tag with a gated URL is parsed on its own (in
  // an inert template) and written in the marked form: a script as `type="text/plain"
  // data-consent` (the gate runs it on consent, in order with the marked ones), an image, iframe
  // or media with its URL in `data-src`; what has no marked form (a `<link>`, an SVG `href`, a
  // `srcdoc`, a `ping`) without it (held when the parser inserts the tag). Every such tag in the
  // string counts, also in a script's text, a comment or an attribute: what is skipped as text
  // must be what the parser takes as text, which only the document's parser knows (`<div
  // title="<script>">`, `<svg><script/>`, a `<textarea>` would hide what follows). Untouched:
  // everything without a gated URL, byte for byte.
  const marked = (tag: string, top: boolean) => {
    const t = document.createElement('template');
    innerHTML.set!.call(t, tag);
    const el = t.content.firstElementChild;
    // A tag the write leaves unfinished (the rest comes in a later write) is written as it is.
    if (!el) return tag;
    // SVG's elements are read as HTML's here (`<image>` as `img`, `<feImage>` unknown): their `href`s count too.
    const attrs = [...attrsOf(el) ?? [], ...(/^(img|script)$/.test(el.localName) || !URL_ATTRS.has(el.localName) ? SVG_HREF : [])];
    const wait: [string, string, string[]][] = [];
    let changed = false;
    for (const a of attrs) {
      const v = el.getAttribute(a);
      const cats = v !== null && blocked(el, a, v, attrs);
      // No marked form (or in a frame, where the gate does not look, or a `data:` URL): written without it, under a number.
      if (cats && (!top || !isSafeUrl(v) || bare(el, a) && !(el.localName == 'script' && a == 'src'))) {
        wait.push([a.replace('xlink:', ''), v, cats]);
        removeAttribute.call(el, a);
      } else if (cats) mark(el, a, v, cats);
      changed ||= !!cats;
    }
    if (wait.length) setAttribute.call(el, TOKEN, String(written.push(wait) - 1));
    // Its own name (`image` stays SVG's in SVG), and `/>` kept (a self-closed SVG element has no children).
    // Quoted as the tag was (`'` if it used only those): a tag inside a script's string stays inside it.
    const q = /"|^[^']*$/.test(tag) ? '"' : "'";
    return changed ? `<${/[^\s/>]+/.exec(tag.slice(1))![0]}${[...el.attributes].map((a) => ` ${a.name}=${q}${a.value.replace(/&/g, '&amp;').replace(RegExp(q, 'g'), `&#${q.charCodeAt(0)};`)}${q}`).join('')}${/\/>$/.test(tag) ? '/' : ''}>` : tag;
  };
  // After a space, a quote (`alt=""src=`) or a slash (`<img/src=`): the parser reads an attribute
  // there; after a colon: `xlink:href=`.
  const MAY_LOAD = RegExp(`[\\s"'/:](${NAMES})\\s*=`, 'i');
  const mayLoad = (html: unknown) => MAY_LOAD.test(String(html));
  const framed = (html: unknown) => /<(i?frame|object|embed)\b/i.test(String(html));
  /** `html` with each gated tag in its held form: marked (for the gate: `top`, the page's document.write) or under a number. */
  const rewrite = (html: string, top: boolean) => mayLoad(html) ? eachTag(html, (tag) => marked(tag, top)) : html;

  /** Installs the hooks into window `w` (once). */
  function install(w: Win) {
    if (windows.has(w)) return;
    windows.add(w);
    network(w);
    const { Element, Node, Attr, NamedNodeMap, Document, DocumentFragment, ShadowRoot, Range, SVGAnimatedString, MutationObserver } = w;
    const doc = w.document;
    const proto = Element.prototype as unknown as Methods;

    // Attributes, attribute nodes and properties.
    /** The name an attribute is held under: its own, `xlink:href` for XLink's, none in another namespace. */
    const named = (ns: string | null, name: string) => (ns === XLINK ? 'xlink:' + name.slice(name.indexOf(':') + 1) : ns ? '' : String(name).toLowerCase());
    wrap(proto, 'setAttribute', (el: Element, [name, value], orig) => { if (!hold(el, named(null, name as string), value)) orig(name, value); });
    wrap(proto, 'setAttributeNS', (el: Element, [ns, name, value], orig) => { if (!hold(el, named(ns as string, name as string), value)) orig(ns, name, value); });
    for (const m of ['setAttributeNode', 'setAttributeNodeNS']) {
      wrap(proto, m, (el: Element, [attr], orig) => hold(el, named((attr as Attr).namespaceURI, (attr as Attr).name), (attr as Attr).value) ? null : orig(attr));
    }
    // An attribute node already on an element, given a new value.
    for (const [p, name] of [[Attr.prototype, 'value'], [Node.prototype, 'nodeValue'], [Node.prototype, 'textContent']] as const) {
      onSet(p, name, function (this: Attr, v, orig) {
        const el = this.nodeType == 2 && this.ownerElement;
        if (!el || !hold(el, named(this.namespaceURI, this.name), v)) orig(v);
      });
    }
    // `el.attributes.setNamedItem(attr)`: the map knows its element only by who asked for it.
    const maps = new WeakMap<NamedNodeMap, Element>();
    const attributes = describe(proto, 'attributes')!;
    defineProperty(proto, 'attributes', { ...attributes, get(this: Element) { const m = attributes.get!.call(this); maps.set(m, this); return m; } });
    for (const m of ['setNamedItem', 'setNamedItemNS']) {
      wrap(NamedNodeMap.prototype, m, (map: NamedNodeMap, [attr], orig) => {
        const el = maps.get(map);
        return el && hold(el, named((attr as Attr).namespaceURI, (attr as Attr).name), (attr as Attr).value) ? null : orig(attr);
      });
    }
    // Every URL property of the table's elements, wherever on their prototypes it is (`imageSrcset`, `HTMLMediaElement`'s `src`).
    const seen = new Set<unknown>();
    for (const [tag, attrs] of URL_ATTRS) {
      for (let p = getPrototypeOf(doc.createElement(tag)); p && p !== Element.prototype; p = getPrototypeOf(p)) {
        for (const prop of Object.getOwnPropertyNames(p)) {
          const attr = prop.toLowerCase();
          if (!attrs.includes(attr) || seen.has(describe(p, prop)!.set)) continue;
          onSet(p, prop, function (this: Element, v, orig) { if (!hold(this, attr, v)) orig(v); });
          seen.add(describe(p, prop)!.set);
        }
      }
    }
    // SVG's `el.href.baseVal = url`: the animated string knows no element, so each remembers its own (every SVG interface with an `href`).
    const owners = new WeakMap<SVGAnimatedString, Element>();
    for (const name of Object.getOwnPropertyNames(w)) {
      const p = /^SVG\w*Element$/.test(name) && (w as unknown as Record<string, { prototype: object }>)[name]!.prototype;
      const d = p ? describe(p, 'href') : undefined;
      if (p && d?.get) defineProperty(p, 'href', { ...d, get(this: Element) { const a = d.get!.call(this); owners.set(a, this); return a; } });
    }
    onSet(SVGAnimatedString.prototype, 'baseVal', function (this: SVGAnimatedString, v, orig) {
      const el = owners.get(this);
      if (!el || !hold(el, 'href', v)) orig(v);
    });
    // `new Audio(url)` sets its URL natively: made without, then given it through the hooked property.
    const Audio = w.Audio;
    if (Audio) {
      // `this` used: a function that uses it stays one when minified (an arrow cannot be constructed).
      const Made = function (this: unknown, src?: string) {
        const a = Reflect.construct(Audio, [], this ? new.target : Made) as HTMLAudioElement;
        if (src !== undefined) a.src = src;
        return a;
      };
      Made.prototype = Audio.prototype;
      w.Audio = Made as unknown as typeof Audio;
    }

    // HTML from strings: parsed once, in an inert template where nothing loads, held there, then
    // its nodes inserted (scripts in them stay inert, as innerHTML's are). A string without a URL
    // attribute cannot hold anything and takes the browser's own path.
    const inert = (html: string, context: Element | ShadowRoot): Node[] => {
      const t = document.createElement('template');
      const svg = context.nodeType == 1 && (context as Element).namespaceURI !== HTML;
      innerHTML.set!.call(t, svg ? `<svg>${html}</svg>` : html);
      holdIn(t.content);
      return svg ? [...t.content.firstChild!.childNodes] : [t.content];
    };
    for (const Type of [Element, ShadowRoot]) {
      const d = describe(Type.prototype, 'innerHTML')!;
      const replaceChildren = Type.prototype.replaceChildren;
      defineProperty(Type.prototype, 'innerHTML', { ...d, set(this: Element, html: string) {
        // A template's contents are inert; what is cloned from them is held when inserted.
        if (mayLoad(html) && this.localName !== 'template') replaceChildren.apply(this, inert(html, this));
        else d.set!.call(this, html);
        if (framed(html)) frames(this);
      } });
    }
    const outerHTML = describe(proto, 'outerHTML')!;
    const replaceWith = proto.replaceWith!;
    defineProperty(proto, 'outerHTML', { ...outerHTML, set(this: Element, html: string) {
      const parent = this.parentNode;
      if (mayLoad(html) && parent && parent.nodeType != 9) replaceWith.apply(this, inert(html, parent.nodeType == 1 ? parent as Element : this));
      else outerHTML.set!.call(this, html);
      if (framed(html)) frames(parent);
    } });
    const where: Record<string, unknown> = { beforebegin: proto.before, afterbegin: proto.prepend, beforeend: proto.append, afterend: proto.after };
    wrap(proto, 'insertAdjacentHTML', (el: Element, [position, html], orig) => {
      const insert = where[String(position).toLowerCase()] as ((...nodes: Node[]) => void) | undefined;
      if (insert && mayLoad(html)) insert.apply(el, inert(html as string, /^(afterbegin|beforeend)$/i.test(position as string) ? el : el.parentElement ?? el));
      else orig(position, html);
      if (framed(html)) frames(el.parentNode ?? el);
    });

    // Insertion of nodes that carry their URL already; frames in them get the hooks once in the document.
    for (const [Type, methods] of [[Node, ['appendChild', 'insertBefore', 'replaceChild']],
      [Element, ['append', 'prepend', 'before', 'after', 'replaceWith', 'insertAdjacentElement', 'replaceChildren']],
      [DocumentFragment, ['append', 'prepend', 'replaceChildren']], [Document, ['append', 'prepend', 'replaceChildren']],
      [Range, ['insertNode', 'surroundContents']]] as const) {
      for (const m of methods) {
        wrap(Type.prototype, m, (_, args, orig) => {
          for (const a of args) holdIn(a);
          const r = orig(...args);
          for (const a of args) frames(a);
          return r;
        });
      }
    }

    // Nodes made for this document from elsewhere, or parsed for it: their images and media start
    // loading at once (in a microtask), so they are held before this call returns.
    for (const [Type, m] of [[Document, 'importNode'], [Document, 'adoptNode'], [Range, 'createContextualFragment']] as const) {
      wrap(Type.prototype, m, (_, args, orig) => {
        const made = orig(...args);
        holdIn(made);
        return made;
      });
    }
    // setHTMLUnsafe/setHTML: frames, objects, links and SVG load as the parser inserts them (before this call returns),
    // so the HTML is rewritten first, as a write is (declarative shadow roots kept: held in them too).
    for (const Type of [Element, ShadowRoot]) {
      for (const m of ['setHTMLUnsafe', 'setHTML']) {
        wrap(Type.prototype, m, (self: Element, [html, ...rest], orig) => {
          const s = String(html);
          const out = rewrite(s, false);
          orig(out === s ? html : out, ...rest);
          const deep = (n: Element | ShadowRoot) => { holdIn(n); for (const e of n.querySelectorAll('*')) if (e.shadowRoot) deep(e.shadowRoot); };
          deep(self);
          if (framed(s)) frames(self);
        });
      }
    }
    // A clone of an element held is held as it is: its URL waits with it (the marked form is copied by the browser).
    wrap(Node.prototype, 'cloneNode', (self: Element, args, orig) => {
      const made = orig(...args) as Element;
      const from = [...held].filter((h) => !h.marked && (self === h.el || self.contains?.(h.el)));
      if (from.length) {
        const a = [self, ...self.querySelectorAll('*')], b = [made, ...made.querySelectorAll?.('*') ?? []];
        for (const h of from) { const copy = b[a.indexOf(h.el)]; if (copy) held.add(noteHeld({ ...h, el: copy, wasIn: false })); }
      }
      return made;
    });

    for (const m of ['write', 'writeln']) {
      wrap(Document.prototype, m, (d: Document, html, orig) => {
        const s = html.join('');
        const out = rewrite(s, d === document);
        // Unchanged: as given (TrustedHTML stays trusted).
        const r = out === s ? orig(...html) : orig(out);
        if (framed(s)) frames(d);
        return r;
      });
    }
    // Editing commands: `insertHTML` is rewritten as a write is; `insertImage` of a gated URL does nothing.
    wrap(Document.prototype, 'execCommand', (d: Document, [cmd, ui, value], orig) => /^insertimage$/i.test(cmd as string) && gated(needs(String(value), d.baseURI))
      ? false : orig(cmd, ui, /^inserthtml$/i.test(cmd as string) ? rewrite(String(value), false) : value));

    // The HTML parser: scripts (and other elements) after the drop-in, before they run; frames once in the document.
    const observe = (d: Document) => {
      if (observed.has(d)) return;
      observed.add(d);
      new MutationObserver((records) => {
        for (const r of records) for (const n of r.addedNodes) { holdIn(n, true); frames(n); }
      }).observe(d, { childList: true, subtree: true });
      // A frame's next document (another page, the window new): its hooks from its load on.
      d.addEventListener('load', (e) => {
        frames(e.target);
        try { observe((e.target as HTMLIFrameElement).contentDocument!); } catch { /* none, or another origin */ }
      }, true);
    };
    observe(doc);
    // A window this one opens (`window.open()`, empty and of this origin) gets them too.
    wrap(w, 'open', (_, args, orig) => {
      const opened = orig(...args) as Win | null;
      try { if (opened?.document) install(opened); } catch { /* another origin */ }
      return opened;
    });
  }
  install(window as Win);

  return () => {
    const released: string[] = [];
    for (const h of held) {
      if (!h.cats.every((c) => consent.has(c))) continue;
      held.delete(h);
      released.push(...h.cats);
      const { el } = h;
      if (!h.marked) {
        // Scripts from the HTML run in document order, as they would have.
        if (h.inOrder && !el.hasAttribute('async') && !el.hasAttribute('defer')) (el as HTMLScriptElement).async = false;
        // `xlink:href` comes back as `href`, its SVG 2 name (an attribute without a namespace).
        setAttribute.call(el, h.attr.replace('xlink:', ''), h.value as string);
        // Chromium reads a `<link>`'s imagesrcset when it is inserted (or its href changes), not when it changes: inserted again, in place.
        // (One held before it was inserted: what was set once it was in does not load, with or without the blocker.)
        if (h.attr == 'imagesrcset' && !h.wasIn && el.parentNode) insertBefore.call(el.parentNode, el, el.nextSibling);
        // A media element reads its <source>s when it loads: asked to load again.
        if (el.localName == 'source') (el.parentNode as HTMLMediaElement | null)?.load?.();
      } else if (el.getRootNode() !== document) releaseEmbed(el); // not where the gate looks: detached, in a frame, in a shadow root
    }
    return released;
  };
}
