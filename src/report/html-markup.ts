import { escapeMarkup } from './text.js';

/**
 * The HTML report's markup builder, shared by its sections: the `html` template escapes every
 * interpolated value unless it is already `Html`, so AWS text can only ever land as text.
 */

export class Html {
  constructor(readonly value: string) {}
}
export type Part = Html | string | number | readonly Part[] | false | undefined;

function renderPart(part: Part): string {
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return part.map(renderPart).join('');
  if (part === false || part === undefined) return '';
  return escapeMarkup(String(part));
}

export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  let out = strings[0] ?? '';
  parts.forEach((part, i) => {
    out += renderPart(part) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

export const count = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/**
 * Summary tables may scroll sideways on narrow screens and hold nothing focusable, so the
 * scrolling box itself takes focus for keyboard users.
 */
export const scrollRegion = (labelledBy: string, table: Html): Html => html`<div class="scroll" role="region" tabindex="0" aria-labelledby="${labelledBy}">${table}</div>`;
