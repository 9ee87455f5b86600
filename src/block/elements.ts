/**
 * Holds elements whose URL needs a category not granted yet, whatever route gave them the URL:
 *
 * - an attribute or property set by a script (`src`, `srcset`, `poster`, `data`, `href`, through
 *   `setAttribute(NS)`, `setAttributeNode(NS)` or the property, so also `new Image().src`; SVG's
 *   `<image>` and `<script>` `href`/`xlink:href`, also `href.baseVal`);
 * - HTML parsed from a string (`innerHTML`, `outerHTML`, `insertAdjacentHTML`): parsed first in
 *   an inert `<template>`, where nothing loads, and held there;
 * - insertion of nodes that got their URL another way (cloned, imported): `append*`, `insert*`,
 *   `prepend`, `before`/`after`, `replaceWith`, `replaceChild(ren)`;
 * - nodes made for the document, whose images and media would load at once: `importNode`,
 *   `adoptNode`, `createContextualFragment`, `setHTMLUnsafe`, held before they return;
 * - `document.write`: the written HTML is changed first (each gated tag into its marked form);
 * - the HTML parser (scripts after the drop-in): a MutationObserver sees each script before it
 *   runs (the parser checks microtasks before it runs a script) and takes its `src` away.
 *
 * A held script or `<link>` keeps no URL attribute (an empty script does not start), and gets it
 * back in place when its categories are granted, so `onload` handlers set on it still fire;
 * scripts from the HTML are released `async = false`, in document order. A held `iframe`, `img`,
 * `video`, `audio`, `source`, `embed` or `object` becomes a marked element (`data-consent` and
 * `data-src`/`data-srcset`/`data-poster`): the gate gives it the placeholder and releases it like
 * any marked element; one that is not in the document (a pixel) is released here.
 */
import type { Consent } from '../core/types.js';
import { releaseEmbed } from '../gate/embeds.js';
import { noteHeld } from './held.js';

/** The URL attributes of each HTML element that loads something. */
const URL_ATTRS = new Map(Object.entries({
  script: ['src'], link: ['href'], iframe: ['src', 'srcdoc'], img: ['src', 'srcset'], source: ['src', 'srcset'],
  video: ['src', 'poster'], audio: ['src'], embed: ['src'], object: ['data'], input: ['src'],
}));
const HTML = 'http://www.w3.org/1999/xhtml';
const XLINK = 'http://www.w3.org/1999/xlink';
/** SVG's `<image>` and `<script>` load from `href` (or the older `xlink:href`). */
const SVG_HREF = ['href', 'xlink:href'];
const attrsOf = (el: Element): string[] | undefined => el.namespaceURI === HTML ? URL_ATTRS.get(el.localName)
  : el.namespaceURI === 'http://www.w3.org/2000/svg' && /^(image|script)$/.test(el.localName) ? SVG_HREF : undefined;
/** A tag `document.write` wrote without its URL: the number under which it waits (picked up when the parser inserts it). */
const TOKEN = 'data-consent-held';
// `[*|href]`: in any namespace (xlink:href too); attrsOf sorts out which elements it means.
const SELECTOR = [...URL_ATTRS].flatMap(([tag, attrs]) => attrs.map((a) => `${tag}[${a}]`)) + `,image[*|href],script[*|href],[${TOKEN}]`;
/** Held by taking the URL away, and given back here (the gate has no marked form for them): scripts, `<link>`s, SVG, `srcdoc`. */
const bare = (el: Element, attr: string) => el.namespaceURI !== HTML || /^(script|link)$/.test(el.localName) || attr == 'srcdoc';

// A quote opens a value only after `=` (`alt=it's` is a plain value), as the HTML tokenizer
// reads it. The attributes are taken in a lookahead, which does not backtrack: a tag the write
// leaves unfinished fails at once, not after trying every split of its quotes (exponential).
const TAG = /<(?:script|img|image|iframe|video|audio|source|embed|object|input|link)\b(?=((?:[^>"'=]|=\s*"[^"]*"|=\s*'[^']*'|[="'])*))\1>/gi;
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
interface Held { el: Element; attr: string; value: unknown; cats: string[]; inOrder: boolean }

/**
 * Installs the hooks. `needs(url)` returns the categories a URL needs (`[]`: not gated).
 * @returns `release()`: gives back what is now granted (call after every consent change), with the categories released
 */
export function holdElements(consent: Consent, needs: (url: string) => string[]): () => string[] {
  const proto = Element.prototype;
  const setAttribute = proto.setAttribute;
  const removeAttribute = proto.removeAttribute;
  const held = new Set<Held>();
  /** What each tag `document.write` wrote without its URL waits for: `[attribute, URL, categories]`, by its TOKEN number. */
  const written: [string, string, string[]][][] = [];

  /** The categories not all granted that the value of `el`'s `attr` needs, or undefined. */
  const blocked = (el: Element, attr: string, value: unknown, attrs = attrsOf(el)): string[] | undefined => {
    if (!attrs?.includes(attr)) return;
    // A script of another type (a marked `text/plain` one, JSON, a template) loads nothing; the gate runs marked ones.
    const type = el.localName === 'script' && el.getAttribute('type');
    if (type && !/^(module|(text|application)\/(x-)?(java|ecma)script)$/i.test(type.trim())) return;
    const s = String(value);
    // srcset: every candidate's URL counts. srcdoc: a document of its own, where nothing is held:
    // every `//host…` it names counts, its character references read too (`&#47;&#47;host`).
    const urls = attr === 'srcset' ? s.split(',').map((c) => c.trim().split(/\s+/)[0]!)
      : attr === 'srcdoc' ? (s + ' ' + decoded(s)).match(/\/\/[^\s"'<>`\\)]+/g) ?? [] : [s];
    const cats = [...new Set(urls.flatMap(needs))];
    return cats.length && !cats.every((c) => consent.has(c)) ? cats : undefined;
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
    if (!bare(el, attr)) mark(el, attr, value, cats);
    else if (el.hasAttribute(attr)) removeAttribute.call(el, attr);
    held.add(noteHeld({ el, attr, value, cats, inOrder }));
    return true;
  };

  /** Holds every gated URL attribute in `node` and below (an element, a fragment, a document). */
  const holdIn = (node: unknown, inOrder = false) => {
    if (!(node instanceof Element || node instanceof DocumentFragment)) return;
    const els = node instanceof Element && node.matches(SELECTOR) ? [node] : [];
    if (node.firstElementChild) els.push(...node.querySelectorAll(SELECTOR));
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

  // Attributes and properties.
  /** The name an attribute is held under: its own, `xlink:href` for XLink's, none in another namespace. */
  const named = (ns: string | null, name: string) => (ns === XLINK ? 'xlink:' + name.slice(name.indexOf(':') + 1) : ns ? '' : String(name).toLowerCase());
  proto.setAttribute = function (this: Element, name: string, value: string) {
    if (!hold(this, named(null, name), value)) setAttribute.call(this, name, value);
  };
  const setNS = proto.setAttributeNS;
  proto.setAttributeNS = function (this: Element, ns: string | null, name: string, value: string) {
    if (!hold(this, named(ns, name), value)) setNS.call(this, ns, name, value);
  };
  for (const m of ['setAttributeNode', 'setAttributeNodeNS'] as const) {
    const orig = proto[m];
    proto[m] = function (this: Element, attr: Attr) {
      return hold(this, named(attr.namespaceURI, attr.name), attr.value) ? null : orig.call(this, attr);
    };
  }
  for (const [Type, props] of [[HTMLScriptElement, ['src']], [HTMLLinkElement, ['href']], [HTMLIFrameElement, ['src', 'srcdoc']],
    [HTMLImageElement, ['src', 'srcset']], [HTMLSourceElement, ['src', 'srcset']], [HTMLMediaElement, ['src']],
    [HTMLVideoElement, ['poster']], [HTMLEmbedElement, ['src']], [HTMLObjectElement, ['data']], [HTMLInputElement, ['src']]] as const) {
    for (const p of props) {
      const d = Object.getOwnPropertyDescriptor(Type.prototype, p)!;
      Object.defineProperty(Type.prototype, p, { ...d, set(this: Element, v: unknown) { if (!hold(this, p, v)) d.set!.call(this, v); } });
    }
  }
  // SVG's `image.href.baseVal = url`: the animated string knows no element, so each remembers its own.
  const owners = new WeakMap<SVGAnimatedString, Element>();
  for (const Type of [SVGImageElement, SVGScriptElement]) {
    const d = Object.getOwnPropertyDescriptor(Type.prototype, 'href')!;
    Object.defineProperty(Type.prototype, 'href', { ...d, get(this: Element) { const a = d.get!.call(this); owners.set(a, this); return a; } });
  }
  const baseVal = Object.getOwnPropertyDescriptor(SVGAnimatedString.prototype, 'baseVal')!;
  Object.defineProperty(SVGAnimatedString.prototype, 'baseVal', { ...baseVal, set(this: SVGAnimatedString, v: string) {
    const el = owners.get(this);
    if (!el || !hold(el, 'href', v)) baseVal.set!.call(this, v);
  } });

  // HTML from strings: parsed once, in an inert template where nothing loads, held there, then
  // its nodes inserted (scripts in them stay inert, as innerHTML's are). A string without a URL
  // attribute cannot hold anything and takes the browser's own path.
  // After a space, a quote (`alt=""src=`) or a slash (`<img/src=`): the parser reads an attribute
  // there; after a colon: `xlink:href=`.
  const mayLoad = (html: unknown) => /[\s"'/:](src|srcset|srcdoc|href|data|poster)\s*=/i.test(String(html));
  const innerHTML = Object.getOwnPropertyDescriptor(proto, 'innerHTML')!;
  /** HTML as parsed and written out again (in an inert template): its character references read. */
  function decoded(html: string): string {
    const t = document.createElement('template');
    innerHTML.set!.call(t, html);
    return innerHTML.get!.call(t);
  }
  const inert = (html: string, context: Element | ShadowRoot): Node[] => {
    const t = document.createElement('template');
    const svg = context instanceof Element && context.namespaceURI !== HTML;
    innerHTML.set!.call(t, svg ? `<svg>${html}</svg>` : html);
    holdIn(t.content);
    return svg ? [...t.content.firstChild!.childNodes] : [t.content];
  };
  for (const Type of [Element, ShadowRoot]) {
    const d = Object.getOwnPropertyDescriptor(Type.prototype, 'innerHTML')!;
    const replaceChildren = Type.prototype.replaceChildren;
    Object.defineProperty(Type.prototype, 'innerHTML', { ...d, set(this: Element, html: string) {
      // A template's contents are inert; what is cloned from them is held when inserted.
      if (mayLoad(html) && !(this instanceof HTMLTemplateElement)) replaceChildren.apply(this, inert(html, this));
      else d.set!.call(this, html);
    } });
  }
  const outerHTML = Object.getOwnPropertyDescriptor(proto, 'outerHTML')!;
  const replaceWith = proto.replaceWith;
  Object.defineProperty(proto, 'outerHTML', { ...outerHTML, set(this: Element, html: string) {
    const parent = this.parentNode;
    if (mayLoad(html) && parent && !(parent instanceof Document)) replaceWith.apply(this, inert(html, parent instanceof Element ? parent : this));
    else outerHTML.set!.call(this, html);
  } });
  const adjacent = proto.insertAdjacentHTML;
  const where = { beforebegin: proto.before, afterbegin: proto.prepend, beforeend: proto.append, afterend: proto.after };
  proto.insertAdjacentHTML = function (this: Element, position: InsertPosition, html: string) {
    const insert = where[String(position).toLowerCase() as InsertPosition] as ((...nodes: Node[]) => void) | undefined;
    if (insert && mayLoad(html)) insert.apply(this, inert(html, /^(afterbegin|beforeend)$/i.test(position) ? this : this.parentElement ?? this));
    else adjacent.call(this, position, html);
  };

  // Insertion of nodes that carry their URL already.
  for (const [Type, methods] of [[Node, ['appendChild', 'insertBefore', 'replaceChild']],
    [Element, ['append', 'prepend', 'before', 'after', 'replaceWith', 'insertAdjacentElement', 'replaceChildren']],
    [DocumentFragment, ['append', 'prepend', 'replaceChildren']], [Document, ['append', 'prepend', 'replaceChildren']],
    [Range, ['insertNode', 'surroundContents']]] as const) {
    for (const m of methods) {
      const p = Type.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
      const orig = p[m]!;
      p[m] = function (this: unknown, ...args: unknown[]) {
        for (const a of args) holdIn(a);
        return orig.apply(this, args);
      };
    }
  }

  // Nodes made for this document from elsewhere, or parsed for it: their images and media start
  // loading at once (in a microtask), so they are held before this call returns.
  const holdMade = (Type: { prototype: object } | undefined, m: string) => {
    const p = Type?.prototype as Record<string, (...a: unknown[]) => unknown> | undefined;
    const orig = p?.[m];
    if (orig) p[m] = function (this: unknown, ...args: unknown[]) {
      const made = orig.apply(this, args);
      holdIn(made ?? this);
      return made;
    };
  };
  holdMade(Document, 'importNode');
  holdMade(Document, 'adoptNode');
  holdMade(Range, 'createContextualFragment');
  holdMade(Element, 'setHTMLUnsafe');
  holdMade(ShadowRoot, 'setHTMLUnsafe');

  // document.write: the parser requests what is written before any observer could see it, so
  // the HTML is changed before it is written. Each tag with a gated URL is parsed on its own (in
  // an inert template) and written in the marked form: a script as `type="text/plain"
  // data-consent` (the gate runs it on consent, in order with the marked ones), an image, iframe
  // or media with its URL in `data-src`; a `<link>`, an SVG `href` or a `srcdoc` without it (held
  // when the parser inserts the tag). Every such tag in the string counts, also in a script's text,
  // a comment or an attribute: what is skipped as text must be what the parser takes as text,
  // which only the document's parser knows (`<div title="<script>">`, `<svg><script/>`, a
  // `<textarea>` would hide what follows). Untouched: everything without a gated URL, byte for byte.
  const marked = (tag: string) => {
    const t = document.createElement('template');
    innerHTML.set!.call(t, tag);
    const el = t.content.firstElementChild;
    // A tag the write leaves unfinished (the rest comes in a later write) is written as it is.
    if (!el) return tag;
    // `<image>` and `<script>` may be SVG's (in an HTML template `<image>` is an `img`): their `href`s count too.
    const attrs = [...attrsOf(el) ?? [], ...(/^(img|script)$/.test(el.localName) ? SVG_HREF : [])];
    const wait: [string, string, string[]][] = [];
    let changed = false;
    for (const a of attrs) {
      const v = el.getAttribute(a);
      const cats = v !== null && blocked(el, a, v, attrs);
      // No marked form (a `<link>`, an `href`, a `srcdoc`): written without it, under a number.
      if (cats && (el.localName == 'link' || /href|srcdoc/.test(a))) {
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
  const doc = Document.prototype;
  for (const m of ['write', 'writeln'] as const) {
    const orig = doc[m];
    doc[m] = function (this: Document, ...html: string[]) {
      const s = html.join('');
      const out = mayLoad(s) ? eachTag(s, marked) : s;
      // Unchanged: as given (TrustedHTML stays trusted).
      return out === s ? orig.apply(this, html) : orig.call(this, out);
    };
  }

  // The HTML parser: scripts (and other elements) after the drop-in, before they run.
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) holdIn(n, true);
  }).observe(document, { childList: true, subtree: true });

  return () => {
    const released: string[] = [];
    for (const h of held) {
      if (!h.cats.every((c) => consent.has(c))) continue;
      held.delete(h);
      released.push(...h.cats);
      const { el } = h;
      if (bare(el, h.attr)) {
        // Scripts from the HTML run in document order, as they would have.
        if (h.inOrder && !el.hasAttribute('async') && !el.hasAttribute('defer')) (el as HTMLScriptElement).async = false;
        // `xlink:href` comes back as `href`, its SVG 2 name (an attribute without a namespace).
        setAttribute.call(el, h.attr.replace('xlink:', ''), h.value as string);
      } else if (!el.isConnected) releaseEmbed(el);
    }
    return released;
  };
}
