/** The one question each check asks (shown in reports and as the JUnit case of the check). */
import type { CheckName } from './types.js';

export const CHECK_QUESTIONS: Record<CheckName, string> = {
  notAServerError: 'every request, edge and malformed ones included, answers below 500',
  negativeDataRejection: 'input the serializer proves invalid is refused and nothing is stored',
  positiveDataAcceptance: 'values the constraints prove valid (exactly max_length, exactly max_value) are accepted',
  crossUserAccess: 'a row a second user\'s list does not show cannot be read, changed or deleted by them',
  staffOnly: 'a plain user is refused where staff is required',
  anonymousWrites: 'anonymous writes are refused where anonymous reads are',
  privilegedFields: 'a client cannot set read-only or privileged fields (owner, is_staff)',
  cacheLeaks: 'a cached body is never served to another user or for another query',
  cacheStaleness: 'every write path invalidates a cache that other write paths invalidate',
  updatePersists: 'a GET after PUT or PATCH shows every field that was sent',
  partialUpdateKeepsOthers: 'a PATCH leaves the fields it did not send as they were',
  nestedNPlusOne: 'a request does not run one query per nested object it renders',
  unboundedList: 'a list of a service that pages its lists does not return every row',
};
