import { Entity, Index, PrimaryColumn } from 'typeorm';

/** The words of a tenant's catalog (names, brands, categories), which a misspelt query word is corrected to. */
@Entity({ name: 'search_term' })
// GIN trigram index on the term: created by the migration (an operator class TypeORM cannot describe).
@Index('search_term_trgm_idx', { synchronize: false })
export class SearchTermEntity {
  @PrimaryColumn('text')
  tenantId!: string;

  @PrimaryColumn('text')
  term!: string;
}
