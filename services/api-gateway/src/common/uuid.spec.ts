import { uuidV5 } from './uuid';

describe('uuidV5', () => {
  it('matches the RFC 9562 test vector (DNS namespace, www.example.com)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('is stable for a name and differs across names', () => {
    const ns = '6f1c2e0a-4b7d-4d8e-9a51-3c2b1f0e9d77';
    expect(uuidV5('tenant-a:123', ns)).toBe(uuidV5('tenant-a:123', ns));
    expect(uuidV5('tenant-a:123', ns)).not.toBe(uuidV5('tenant-b:123', ns));
  });
});
