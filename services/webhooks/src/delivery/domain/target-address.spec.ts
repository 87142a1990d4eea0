import { isPrivateAddress } from './target-address';

describe('webhook target address guard', () => {
  it('treats loopback, private, link-local and metadata addresses as private', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
    ]) {
      expect([a, isPrivateAddress(a)]).toEqual([a, true]);
    }
  });

  it('lets public addresses through', () => {
    for (const a of ['8.8.8.8', '172.32.0.1', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.4.4']) {
      expect([a, isPrivateAddress(a)]).toEqual([a, false]);
    }
  });
});
