import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import { formatBrl } from '../common/money';

export interface BookletData {
  carneId: number;
  vendaId: number;
  lojaNome: string;
  clienteNome: string;
  clienteCpf: string;
  nomeProduto: string;
  valorProdutoCents: number;
  entradaCents: number;
  totalCents: number;
  emitidoEm: string;
  parcelas: { numero: number; vencimento: string; valorCents: number; linhaDigitavel: string }[];
}

const br = (isoDate: string): string => isoDate.split('-').reverse().join('/');

/** A one-page A4 booklet (carnê): header, the sale, then one slip per installment. Small, real PDF bytes. */
export async function renderBooklet(data: BookletData): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Carnê ${data.carneId}`);
  pdf.setSubject(`Venda ${data.vendaId} - ${data.parcelas.length} parcelas`);
  pdf.setAuthor('Looma Hub simulators (crediário)');
  pdf.setCreator('looma-hub simulators');
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const page = pdf.addPage([595.28, 841.89]);
  const left = 40;
  let y = 800;
  const text = (value: string, x: number, size = 10, f = font): void =>
    page.drawText(value, { x, y, size, font: f, color: rgb(0.1, 0.1, 0.1) });

  text(`CARNÊ DE PAGAMENTO Nº ${data.carneId}`, left, 16, bold);
  y -= 22;
  text(`${data.lojaNome} - Venda nº ${data.vendaId} - emitido em ${br(data.emitidoEm)}`, left);
  y -= 16;
  text(`Cliente: ${data.clienteNome}   CPF: ${data.clienteCpf}`, left);
  y -= 16;
  text(`Produto: ${data.nomeProduto}`, left);
  y -= 16;
  text(
    `Valor do produto: R$ ${formatBrl(data.valorProdutoCents)}   Entrada: R$ ${formatBrl(data.entradaCents)}   Total: R$ ${formatBrl(data.totalCents)}`,
    left,
  );
  y -= 26;

  const slipHeight = 44;
  for (const parcela of data.parcelas) {
    page.drawRectangle({
      x: left,
      y: y - slipHeight + 14,
      width: 515,
      height: slipHeight,
      borderColor: rgb(0.6, 0.6, 0.6),
      borderWidth: 0.8,
    });
    text(`Parcela ${parcela.numero}/${data.parcelas.length}`, left + 8, 11, bold);
    text(`Vencimento: ${br(parcela.vencimento)}`, left + 150, 11);
    text(`Valor: R$ ${formatBrl(parcela.valorCents)}`, left + 340, 11, bold);
    y -= 18;
    text(parcela.linhaDigitavel, left + 8, 9);
    y -= slipHeight - 18 + 6;
  }
  return pdf.save();
}
