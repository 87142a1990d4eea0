import { PDFDocument } from 'pdf-lib';
import { renderBooklet } from './booklet-pdf';

describe('renderBooklet', () => {
  it('produces a loadable PDF whose metadata names the booklet and its installments', async () => {
    const bytes = await renderBooklet({
      carneId: 693790,
      vendaId: 678200,
      lojaNome: 'Loja Centro',
      clienteNome: 'MARIA APARECIDA DA SILVA',
      clienteCpf: '222.570.550-04',
      nomeProduto: 'Geladeira Frost Free 375L',
      valorProdutoCents: 100000,
      entradaCents: 0,
      totalCents: 100507,
      emitidoEm: '2026-11-23',
      parcelas: [1, 2, 3].map((n) => ({
        numero: n,
        vencimento: `2026-12-2${n}`,
        valorCents: 33502,
        linhaDigitavel: '34191.79001 01043.510047 91020.150008 1 00000000033502',
      })),
    });
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toBe('Carnê 693790');
    expect(doc.getSubject()).toBe('Venda 678200 - 3 parcelas');
  });
});
