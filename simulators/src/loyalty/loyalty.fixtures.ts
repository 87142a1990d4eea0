import { completeCpf } from '../common/documents';

export interface LoyaltyConsumer {
  id: number;
  nome: string;
  cpf: string | null;
  /** National digits, e.g. "11987651234". */
  telefone: string | null;
  email: string | null;
  sexo: string | null;
  /** "YYYY-MM-DD" */
  nascimento: string | null;
  categoria: string;
  ativo: boolean;
  pontos: number;
  cashbackCents: number;
  cadastradoEm: number;
}

export interface LoyaltyPrize {
  identificador: string;
  nome: string;
  descricao: string;
  pontos: number;
  quantidade: number;
}

/** Program rules of the simulated store: 1 point per whole real paid, 5% of the amount back as cashback. */
export const LOYALTY_PROGRAM = { pointsPerReal: 1, cashbackBps: 500 } as const;

export function seedConsumers(nowMs: number): LoyaltyConsumer[] {
  const base = { email: null, sexo: null, nascimento: null, cadastradoEm: nowMs - 200 * 86_400_000 };
  return [
    {
      ...base,
      id: 5001,
      nome: 'Fernanda Oliveira Costa',
      cpf: completeCpf('418366529'),
      telefone: '11987651234',
      email: 'fernanda.costa@example.com.br',
      sexo: 'Feminino',
      nascimento: '1988-04-12',
      categoria: 'Ouro',
      ativo: true,
      pontos: 1250,
      cashbackCents: 1575,
    },
    {
      ...base,
      id: 5002,
      nome: 'Ricardo Alves Martins',
      cpf: completeCpf('760154382'),
      telefone: '21991112233',
      sexo: 'Masculino',
      categoria: 'Bronze',
      ativo: true,
      pontos: 80,
      cashbackCents: 0,
    },
    {
      ...base,
      id: 5003,
      nome: 'Patrícia Gomes Ferreira',
      cpf: completeCpf('305827164'),
      telefone: '41999990000',
      categoria: 'Prata',
      ativo: false,
      pontos: 430,
      cashbackCents: 900,
    },
    {
      ...base,
      id: 5004,
      nome: 'Juliana Ribeiro',
      cpf: null,
      telefone: '31988776655',
      categoria: 'Bronze',
      ativo: true,
      pontos: 300,
      cashbackCents: 250,
    },
  ];
}

export function seedPrizes(): LoyaltyPrize[] {
  return [
    {
      identificador: 'VALE-COMPRAS-20',
      nome: 'Vale-compras R$ 20,00',
      descricao: 'Crédito de R$ 20,00 na próxima compra.',
      pontos: 200,
      quantidade: 1000,
    },
    {
      identificador: 'CANECA-TERMICA',
      nome: 'Caneca térmica 450ml',
      descricao: 'Caneca de inox com tampa.',
      pontos: 350,
      quantidade: 50,
    },
    {
      identificador: 'KIT-BELEZA',
      nome: 'Kit beleza',
      descricao: 'Shampoo, condicionador e creme.',
      pontos: 800,
      quantidade: 20,
    },
    {
      identificador: 'FONE-BT',
      nome: 'Fone de ouvido Bluetooth',
      descricao: 'Fone sem fio com estojo de carga.',
      pontos: 2500,
      quantidade: 5,
    },
    { identificador: 'GUARDA-CHUVA', nome: 'Guarda-chuva', descricao: 'Esgotado.', pontos: 150, quantidade: 0 },
  ];
}
