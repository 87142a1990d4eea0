import { describeServiceBasics } from '@looma-hub/testing';
import { SCHEMA } from '../src/database/data-source';
import { start } from '../src/main';

// loyalty owns no feature yet (the loyalty issue gives it one): what it does run is tested here.
describeServiceBasics({ service: 'loyalty', schema: SCHEMA, start });
