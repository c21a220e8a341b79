import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { multipartBody } from './multipart-body.util';

describe(multipartBody.name, () => {
  it('streams the fields and then the file with an exact Content-Length', async () => {
    const bytes = Buffer.from('%PDF-1.4 fake document bytes');
    const sut = multipartBody(
      { messaging_product: 'whatsapp', type: 'application/pdf' },
      'file',
      {
        stream: Readable.from([bytes.subarray(0, 5), bytes.subarray(5)]),
        size: bytes.length,
        filename: 'invoice.pdf',
        contentType: 'application/pdf',
      },
      'BOUNDARY',
    );

    const body = await text(sut.stream);

    expect(sut.contentType).toBe('multipart/form-data; boundary=BOUNDARY');
    expect(body).toBe(
      '--BOUNDARY\r\nContent-Disposition: form-data; name="messaging_product"\r\n\r\nwhatsapp\r\n' +
        '--BOUNDARY\r\nContent-Disposition: form-data; name="type"\r\n\r\napplication/pdf\r\n' +
        '--BOUNDARY\r\nContent-Disposition: form-data; name="file"; filename="invoice.pdf"\r\nContent-Type: application/pdf\r\n\r\n' +
        '%PDF-1.4 fake document bytes\r\n--BOUNDARY--\r\n',
    );
    expect(Buffer.byteLength(body)).toBe(sut.contentLength);
  });

  it('cannot be tricked into extra headers by a file name', async () => {
    const sut = multipartBody({}, 'file', {
      stream: Readable.from([Buffer.from('x')]),
      size: 1,
      filename: 'a"\r\nX-Injected: 1.pdf',
      contentType: 'application/pdf',
    });

    const body = await text(sut.stream);

    expect(body).toContain('filename="a___X-Injected: 1.pdf"');
    expect(body).not.toContain('\r\nX-Injected');
  });
});
