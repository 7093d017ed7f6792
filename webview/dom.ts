// Builds DOM nodes from plain values. Strings become text nodes, never markup.

type Attrs = Record<string, string | number | boolean | undefined>;

export function el(tag: string, attrs: Attrs = {}, children: Array<Node | string> = []): HTMLElement {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'className') node.className = String(v);
    else if (k === 'tabIndex') node.tabIndex = Number(v);
    else if (k === 'checked' || k === 'value') (node as unknown as Record<string, unknown>)[k] = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) node.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return node;
}
