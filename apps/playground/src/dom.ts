type Attrs = Record<string, string | number | boolean | undefined>;

/** An HTML element with attributes and children (strings become text nodes, never HTML). */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  children: Array<Node | string> = [],
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    e.setAttribute(k, v === true ? '' : String(v));
  }
  e.append(...children);
  return e;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`playground: the page has no #${id}`);
  return e as T;
}

/** Replaces `target`'s content with an error line (the message only: inputs stay untouched). */
export function showError(target: HTMLElement, e: unknown): void {
  const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  target.replaceChildren(el('p', { class: 'error', role: 'alert' }, [msg]));
}

/** A small table of rows; `bar` draws a score bar in the last column. */
export function scoreTable(
  headers: string[],
  rows: Array<Array<string | number>>,
  cls: string,
): HTMLTableElement {
  return el('table', { class: cls }, [
    el('thead', {}, [
      el(
        'tr',
        {},
        headers.map((h) => el('th', {}, [h])),
      ),
    ]),
    el(
      'tbody',
      {},
      rows.map((r) =>
        el(
          'tr',
          {},
          r.map((c) =>
            typeof c === 'number'
              ? el('td', { class: 'score', 'data-score': c }, [
                  el('span', {
                    class: 'bar',
                    style: `width:${Math.round(Math.max(0, Math.min(1, c)) * 80)}px`,
                  }),
                  ` ${c.toFixed(4)}`,
                ])
              : el('td', {}, [c]),
          ),
        ),
      ),
    ),
  ]);
}
