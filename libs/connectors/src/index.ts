export * from './http/partner-http';
export * from './retailer/retailer.client';
export * from './retailer/retailer-connection.dto';
