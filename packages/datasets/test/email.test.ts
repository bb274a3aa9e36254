import { describe, expect, it } from 'vitest';
import { emailToText } from '../src/email.js';

const crlf = (lines: string[]) => lines.join('\r\n');
const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

describe('emailToText', () => {
  it('decodes RFC 2047 subjects and quoted-printable Latin-1 bodies', async () => {
    const raw = crlf([
      'From: a@example.com',
      'Subject: =?iso-8859-1?Q?Caf=E9_au_lait?=',
      'Content-Type: text/plain; charset=iso-8859-1',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Na=EFve soft=',
      'break, =3D sign.',
      '',
    ]);
    expect(await emailToText(raw)).toEqual({
      subject: 'Café au lait',
      body: 'Naïve softbreak, = sign.',
      bodySource: 'text',
    });
  });

  it('decodes base64 UTF-8 HTML to text with html-to-text (no links, no images)', async () => {
    const html =
      '<html><body><h1>Big Offer</h1><p>Hello <b>wörld</b> &amp; <a href="http://x.example">click</a></p><img src="a.gif"></body></html>';
    const raw = crlf([
      'Subject: offer',
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      ...(Buffer.from(html, 'utf8')
        .toString('base64')
        .match(/.{1,76}/g) ?? []),
      '',
    ]);
    expect(await emailToText(new TextEncoder().encode(raw))).toEqual({
      subject: 'offer',
      body: 'Big Offer\n\nHello wörld & click',
      bodySource: 'html',
    });
  });

  it('uses the HTML of multipart/alternative and joins inline parts of multipart/mixed', async () => {
    const raw = crlf([
      'Subject: both',
      'Content-Type: multipart/alternative; boundary="XX"',
      '',
      '--XX',
      'Content-Type: text/plain',
      '',
      'Your mail client cannot show HTML.',
      '--XX',
      'Content-Type: text/html',
      '',
      '<p>Real <i>content</i></p>',
      '--XX--',
      '',
    ]);
    expect((await emailToText(raw)).body).toBe('Real content');
    const mixed = crlf([
      'Subject: mixed',
      'Content-Type: multipart/mixed; boundary="YY"',
      '',
      '--YY',
      'Content-Type: text/plain; charset=us-ascii',
      '',
      'First part.',
      '--YY',
      'Content-Type: application/octet-stream',
      'Content-Disposition: attachment; filename="x.bin"',
      'Content-Transfer-Encoding: base64',
      '',
      'AAECAw==',
      '--YY--',
      '',
    ]);
    expect(await emailToText(mixed)).toEqual({ subject: 'mixed', body: 'First part.', bodySource: 'text' });
  });

  it('reads bare 8-bit subjects in the declared charset, else windows-1252', async () => {
    const declared = latin1(
      crlf([
        'Subject: \xa380m deal',
        'Content-Type: text/plain; charset="iso-8859-1"',
        '',
        'Body \xe9t\xe9.',
        '',
      ]),
    );
    expect(await emailToText(declared)).toEqual({
      subject: '£80m deal',
      body: 'Body été.',
      bodySource: 'text',
    });
    const undeclared = latin1(crlf(['Subject: \x93quoted\x94', '', 'plain', '']));
    expect((await emailToText(undeclared)).subject).toBe('“quoted”');
    // ISO-8859-1 as mailers write it is CP-1252: bytes 0x80–0x9f are quotes, dashes, €.
    const cp1252 = latin1(
      crlf(['Subject: x', 'Content-Type: text/plain; charset=iso-8859-1', '', '\x93Hi\x94 \x96 \x80 5', '']),
    );
    expect((await emailToText(cp1252)).body).toBe('“Hi” – € 5');
  });

  it('says when there is no body text, and falls back to the raw body of a broken multipart', async () => {
    const imageOnly = crlf([
      'Subject: look',
      'Content-Type: text/html',
      '',
      '<html><body><img src="x.gif"></body></html>',
      '',
    ]);
    expect(await emailToText(imageOnly)).toEqual({ subject: 'look', body: '', bodySource: 'none' });
    const broken = crlf([
      'Subject: broken',
      'Content-Type: multipart/alternative; boundary="=Multipart Boundary 1"',
      '',
      '--= Multipart Boundary 1',
      'Content-Type: text/plain;',
      '\tcharset="us-ascii"',
      '',
      'Cheap cartridges!',
      '--= Multipart Boundary 1--',
      '',
    ]);
    expect(await emailToText(new TextEncoder().encode(broken))).toEqual({
      subject: 'broken',
      body: 'Cheap cartridges!',
      bodySource: 'raw',
    });
  });
});
