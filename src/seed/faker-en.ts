/**
 * Faker with the English locale only. `@faker-js/faker`'s main entry loads every locale it ships (about
 * 35 MB of the harness's resident memory, measured); its `locale/en` entry holds English and the
 * locale-free base, already merged, which is all the payloads use. Same class, same definitions: the
 * same seed gives the same values.
 */
import type { Faker as FakerClass, LocaleDefinition } from '@faker-js/faker';
import { faker } from '@faker-js/faker/locale/en';

export const Faker = faker.constructor as typeof FakerClass;
/** English merged with `base` (what `[en, base]` gives). */
export const en: LocaleDefinition = faker.rawDefinitions;
/** Already merged into `en`. */
export const base: LocaleDefinition = {};
