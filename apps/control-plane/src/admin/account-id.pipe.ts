import { Injectable, PipeTransform } from '@nestjs/common';
import { INPUT_LIMITS, int4IdFromText } from '@restgw/accounts';
import { badRequest } from '@restgw/platform';

/**
 * `:id` of the admin routes: an account id is a positive int4. Nest's
 * ParseIntPipe took 2147483648 and 987654321012, which PostgreSQL then
 * refused with a 500.
 */
@Injectable()
export class AccountIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const id = int4IdFromText(value);
    if (id === null) throw badRequest(`id must be an account id (an integer from 1 to ${INPUT_LIMITS.maxInt4})`);
    return id;
  }
}
