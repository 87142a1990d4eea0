import { describeServiceBasics } from '@looma-hub/testing';
import { SCHEMA } from '../src/database/data-source';
import { start } from '../src/main';

// pricing-rules owns no feature yet (the pricing issue gives it one): what it does run is tested here.
describeServiceBasics({ service: 'pricing-rules', schema: SCHEMA, start });
