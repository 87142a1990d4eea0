/** `npm run contracts`: writes libs/contracts/published/ from the schemas (see libs/contracts/src/published/documents.ts). */
import fs from 'node:fs';
import path from 'node:path';
import { publishedDocuments } from '@looma-hub/contracts/src/published/documents';

export const PUBLISHED_DIR = path.resolve(__dirname, '..', 'libs', 'contracts', 'published');

if (require.main === module) {
  for (const [file, content] of Object.entries(publishedDocuments())) {
    const target = path.join(PUBLISHED_DIR, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const before = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : null;
    fs.writeFileSync(target, content);
    console.log(`${before === content ? 'unchanged' : 'wrote    '} ${path.relative(process.cwd(), target)}`);
  }
}
