/**
 * Styles that work under a strict Content Security Policy: a constructable stylesheet is
 * not an inline `<style>` or `style` attribute, so `style-src 'self'` does not block it.
 * Shared by the gate's placeholders and `<consent-banner>`; touches the DOM only when called.
 */

/**
 * A stylesheet of `css`, made on first use; the function returned adds it to the
 * document or shadow root holding a node (once each) and returns it.
 *
 * @example const styles = stylesheet(':host{display:block}'); styles(shadowRoot)
 */
export function stylesheet(css: string): (node: Node) => CSSStyleSheet {
  let sheet: CSSStyleSheet | undefined;
  return (node) => {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
    }
    const root = node.getRootNode() as Document | ShadowRoot;
    if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    return sheet;
  };
}
