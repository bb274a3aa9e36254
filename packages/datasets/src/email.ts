import { compile } from 'html-to-text';
import PostalMime from 'postal-mime';

/** The readable text of one email (what `emailToText` returns): decoded subject and body. */
export interface EmailText {
  /** Decoded Subject header (RFC 2047 words decoded), trimmed; `''` when absent. */
  subject: string;
  /** Readable body: HTML parts through html-to-text, else the text/plain parts; whitespace tidied. */
  body: string;
  /**
   * Where the body came from: `html`, `text`, a text-like `attachment`, the `raw` body of a message
   * whose MIME structure could not be followed, or `none` (e.g. image-only HTML).
   */
  bodySource: 'html' | 'text' | 'attachment' | 'raw' | 'none';
}

let converter: ((html: string) => string) | null = null;

/** html-to-text, compiled on first use (readers-only users never pay for it). */
function htmlToText(html: string): string {
  converter ??= compile({
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({
        selector,
        options: { uppercase: false },
      })),
      { selector: 'table', options: { uppercaseHeaderCells: false } },
    ],
  });
  return converter(html);
}

/**
 * Decodes a raw RFC 822 email with postal-mime (headers, multipart, quoted-printable, base64,
 * charsets, nested messages) and turns it into plain text. When the message has HTML, the HTML
 * (which postal-mime assembles from every inline part) is converted with html-to-text; when
 * that yields nothing, the plain-text parts are used, then any text-like attachment.
 */
export async function emailToText(raw: string | Uint8Array | ArrayBuffer): Promise<EmailText> {
  const email = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' });
  let subject = email.subject ?? '';
  if (subject.includes('\uFFFD') && typeof raw !== 'string') {
    subject =
      redecodeSubject(raw instanceof Uint8Array ? raw : new Uint8Array(raw), email.headers) ?? subject;
  }
  subject = tidy(subject).replace(/\n+/g, ' ');
  if (email.html) {
    const body = tidy(htmlToText(email.html));
    if (body) return { subject, body, bodySource: 'html' };
  }
  if (email.text) {
    const body = tidy(email.text);
    if (body) return { subject, body, bodySource: 'text' };
  }
  for (const attachment of email.attachments) {
    if (!/^(text|message)\//i.test(attachment.mimeType)) continue;
    const content = attachment.content;
    const decoded =
      typeof content === 'string'
        ? content
        : new TextDecoder('utf-8').decode(content as ArrayBuffer | Uint8Array);
    const body = tidy(attachment.mimeType.toLowerCase() === 'text/html' ? htmlToText(decoded) : decoded);
    if (body) return { subject, body, bodySource: 'attachment' };
  }
  if (!email.html && !email.text && email.attachments.length === 0) {
    // MIME structure that postal-mime could not follow (e.g. a boundary that does not match its
    // declaration): fall back to the raw body with part-header and boundary lines removed.
    const body = tidy(rawBody(raw));
    if (body) return { subject, body, bodySource: 'raw' };
  }
  return { subject, body: '', bodySource: 'none' };
}

function rawBody(raw: string | Uint8Array | ArrayBuffer): string {
  const text = (typeof raw === 'string' ? raw : new TextDecoder('utf-8').decode(raw)).replace(/\r\n?/g, '\n');
  const start = text.indexOf('\n\n');
  if (start === -1) return '';
  const body = text
    .slice(start + 2)
    .split('\n')
    .filter((line) => !/^--\S*|^content-[\w-]+:|^\s+(charset|boundary)=/i.test(line))
    .join('\n');
  return /<(html|body|p|br|div|table)\b/i.test(body) ? htmlToText(body) : body;
}

/**
 * postal-mime decodes raw 8-bit header bytes as UTF-8. Old mail often has bare Latin-1/CP-1252 or
 * CJK bytes in the Subject (no RFC 2047 encoded word): decode those bytes with the message's
 * declared charset, else windows-1252, as mail clients do.
 */
function redecodeSubject(bytes: Uint8Array, headers: { key: string; value: string }[]): string | null {
  let end = bytes.length;
  for (let i = 0; i + 1 < bytes.length; i++) {
    if (bytes[i] === 10 && (bytes[i + 1] === 10 || (bytes[i + 1] === 13 && bytes[i + 2] === 10))) {
      end = i;
      break;
    }
  }
  let head = '';
  for (let i = 0; i < end; i++) head += String.fromCharCode(bytes[i]);
  const match = /^subject:[ \t]*(.*(?:\r?\n[ \t].*)*)/im.exec(head);
  if (!match || match[1].includes('=?') || !/[\x80-\xff]/.test(match[1])) return null;
  const subjectBytes = Uint8Array.from(match[1].replace(/\r?\n[ \t]*/g, ' '), (c) => c.charCodeAt(0));
  const contentType = headers.find((h) => h.key === 'content-type')?.value ?? '';
  const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1];
  for (const label of [charset, 'windows-1252']) {
    if (!label) continue;
    try {
      const text = new TextDecoder(label, { fatal: true }).decode(subjectBytes);
      return text.trim();
    } catch {
      // not that charset: try the next
    }
  }
  return null;
}

/**
 * Windows-1252 characters of bytes 0x80–0x9f. Mail declared as ISO-8859-1 is usually CP-1252
 * (curly quotes, dashes, €), which is why WHATWG decoders treat the two alike; Node's decoder
 * does not, and leaves C1 control characters (U+0080–U+009F) that no text contains.
 */
const CP1252_C1 = '€\u0000‚ƒ„…†‡ˆ‰Š‹Œ\u0000Ž\u0000\u0000‘’“”•–—˜™š›œ\u0000žŸ';

/** Unifies line ends, maps C1 controls as CP-1252, drops trailing spaces and control characters, keeps at most one blank line in a row. */
function tidy(text: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      .replace(/[\u0080-\u009f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80])
      // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .replace(/[ \t\u00a0]+$/gm, '')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}
