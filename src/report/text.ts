/**
 * Text from AWS (names, tags, policy text, messages quoting them) is attacker-influenced: anyone
 * who can name a resource in a member account can put escape sequences in it. Every format that
 * prints such text passes it through here first.
 */

// CSI/OSC/other ESC sequences first, so their parameters do not survive as visible junk.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ANSI_SEQUENCE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;
// C0 and C1 controls and DEL, except tab and newline; bidi overrides, which can reorder what a reader sees.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Removes terminal escape sequences and control characters; keeps tab and newline. */
export function stripControl(text: string): string {
  return text.replace(ANSI_SEQUENCE, '').replace(CONTROL, '');
}

/** One line of plain text: controls removed and line breaks folded to spaces. */
export function oneLine(text: string): string {
  return stripControl(text).replace(/[\t\n]+/g, ' ');
}

const MARKUP_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML and SVG, in element content and in quoted attributes alike. */
export function escapeMarkup(text: string): string {
  return stripControl(text).replace(/[&<>"']/g, (c) => MARKUP_ESCAPES[c] ?? c);
}
