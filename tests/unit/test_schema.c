/*
 * The schema engine (lib/schema*.c): every keyword passing and failing,
 * the diagnostics a record gets (code, JSON pointer, line, column,
 * message), the problems a kind's schema gets when compiled strictly, and
 * the guards: patterns that hit their limits, $ref cycles, deep values,
 * $refs that multiply the work and the budget of work.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "node.h"
#include "schema.h"

static struct doc *load(const char *yaml)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct doc *doc = NULL;

	if (handoff__yaml_load(&doc, yaml, strlen(yaml), 1, NULL, &d) < 0) {
		size_t i;

		for (i = 0; i < d.n; i++)
			print_error("yaml %u:%u %s\n", d.v[i].line, d.v[i].column,
				d.v[i].message);
		fail_msg("test YAML does not load");
	}
	handoff__diag_list_release(&d);
	return doc;
}

/* Compile `schema` (strict unless told), validate `instance` (NULL: none). */
static int run_flags(const char *schema, const char *instance,
	unsigned int flags, struct diag_list *out)
{
	struct diag_list cd = DIAG_LIST_INIT;
	struct doc *sd = load(schema), *id = instance ? load(instance) : NULL;
	struct schema *s = NULL;
	int r;

	r = handoff__schema_compile(&s, sd->root, "test.yaml", flags, &cd);
	if (r != 0) {
		size_t i;

		for (i = 0; i < cd.n; i++)
			print_error("schema %u:%u %s: %s\n", cd.v[i].line,
				cd.v[i].column, cd.v[i].pointer, cd.v[i].message);
		fail_msg("schema does not compile: %d", r);
	}
	r = handoff__schema_validate(s, id ? id->root : NULL, out);
	/*
	 * Every instance here is read by libyaml, so its strings are valid
	 * UTF-8: the validation that does not check them again says the same.
	 */
	if (out) {
		struct diag_list again = DIAG_LIST_INIT;
		size_t i;

		assert_int_equal(handoff__schema_validate_utf8(s, id ? id->root : NULL, &again), r);
		assert_int_equal(again.n, out->n);
		for (i = 0; i < again.n; i++) {
			assert_string_equal(again.v[i].pointer, out->v[i].pointer);
			assert_string_equal(again.v[i].message, out->v[i].message);
		}
		handoff__diag_list_release(&again);
	}
	handoff__schema_free(s);
	handoff__doc_free(sd);
	handoff__doc_free(id);
	handoff__diag_list_release(&cd);
	return r;
}

static int run(const char *schema, const char *instance, struct diag_list *out)
{
	return run_flags(schema, instance, SCHEMA_STRICT, out);
}

static int valid(const char *schema, const char *instance)
{
	struct diag_list d = DIAG_LIST_INIT;
	int r = run(schema, instance, &d);

	if (r == 0)
		assert_int_equal(d.n, 0);
	else
		assert_true(d.n > 0);
	handoff__diag_list_release(&d);
	return r == 0;
}

/* Compile and expect failure; the diagnostics are left in *out. */
static int compile_fails(const char *schema, unsigned int flags,
	struct diag_list *out)
{
	struct doc *sd = load(schema);
	struct schema *s = (struct schema *)1;
	int r = handoff__schema_compile(&s, sd->root, "kind.yaml", flags, out);

	assert_null(s);
	handoff__doc_free(sd);
	return r;
}

static const handoff_diagnostic *find(const struct diag_list *d,
	const char *code, const char *pointer)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (!strcmp(d->v[i].code, code) &&
		    (!pointer || !strcmp(d->v[i].pointer, pointer)))
			return &d->v[i];
	return NULL;
}

static void expect(const struct diag_list *d, const char *code,
	const char *pointer, unsigned int line, unsigned int col,
	const char *message)
{
	const handoff_diagnostic *x = find(d, code, pointer);

	if (!x) {
		size_t i;

		for (i = 0; i < d->n; i++)
			print_error("have %u:%u [%s] %s: %s\n", d->v[i].line,
				d->v[i].column, d->v[i].code, d->v[i].pointer,
				d->v[i].message);
		fail_msg("no diagnostic %s at %s", code, pointer);
	}
	assert_int_equal(x->severity, HANDOFF_SEVERITY_ERROR);
	if (line)
		assert_int_equal(x->line, line);
	if (col)
		assert_int_equal(x->column, col);
	if (message)
		assert_string_equal(x->message, message);
}

/*
 * A schema and an instance it takes (valid 1) or refuses (valid 0); test
 * names the test that checks it.
 */
struct valid_case {
	const char *test, *schema, *instance;
	int valid;
};

/*
 * A schema, an instance it refuses and a diagnostic it says (expect());
 * n, when not 0, is how many diagnostics there are in all.
 */
struct fail_case {
	const char *test, *schema, *instance, *code, *pointer;
	unsigned int line, col;
	const char *message;
	size_t n;
};

/* The instances each test's schemas take (valid 1) or refuse (valid 0). */
static const struct valid_case valid_cases[] = {
	{ "type", "type: string", "abc", 1 },
	{ "type", "type: string", "5", 0 },
	{ "type", "type: string", "'5'", 1 },
	{ "type", "type: integer", "5", 1 },
	{ "type", "type: integer", "1.0", 1 }, /* 1.0 is an integer */
	{ "type", "type: integer", "1.5", 0 },
	{ "type", "type: number", "1.5", 1 },
	{ "type", "type: number", "7", 1 },
	{ "type", "type: boolean", "true", 1 },
	{ "type", "type: boolean", "yes", 0 }, /* YAML 1.2: a string */
	{ "type", "type: 'null'", "~", 1 },
	{ "type", "type: object", "{a: 1}", 1 },
	{ "type", "type: array", "[1]", 1 },
	{ "type", "type: array", "{}", 0 },
	{ "type", "type: [string, 'null']", "~", 1 },
	{ "type", "type: [string, 'null']", "3", 0 },
	/* a date in YAML 1.2 core is a string */
	{ "type", "type: string", "2026-11-02", 1 },
	{ "enum", "enum: [a, b, c]", "b", 1 },
	{ "enum", "enum: [1, 2]", "'1'", 0 },
	{ "enum", "enum: [1, 2]", "2.0", 1 },
	{ "enum", "enum: [false]", "0", 0 },
	{ "enum", "enum: [{a: [1]}]", "{a: [1.0]}", 1 },
	{ "enum", "enum: []", "x", 0 },
	{ "const", "const: deal-handoff", "deal-handoff", 1 },
	{ "const", "const: true", "1", 0 },
	{ "const", "const: {a: 1, b: 2}", "{b: 2, a: 1}", 1 },
	{ "const", "const: [1, 2]", "[2, 1]", 0 },
	{ "numbers", "minimum: 1", "1", 1 },
	{ "numbers", "minimum: 1", "0.5", 0 },
	{ "numbers", "maximum: 3.0", "3", 1 },
	{ "numbers", "maximum: 3.0", "3.5", 0 },
	{ "numbers", "exclusiveMinimum: 1.1", "1.1", 0 },
	{ "numbers", "exclusiveMinimum: 1.1", "1.2", 1 },
	{ "numbers", "exclusiveMaximum: 3", "3", 0 },
	{ "numbers", "exclusiveMaximum: 3", "2.9", 1 },
	{ "numbers", "minimum: 5", "abc", 1 }, /* numbers only */
	{ "multiple_of", "multipleOf: 2", "10", 1 },
	{ "multiple_of", "multipleOf: 2", "7", 0 },
	{ "multiple_of", "multipleOf: 1.5", "4.5", 1 },
	{ "multiple_of", "multipleOf: 1.5", "-4.5", 1 },
	{ "multiple_of", "multipleOf: 1.5", "35", 0 },
	{ "multiple_of", "multipleOf: 0.0001", "0.0075", 1 },
	{ "multiple_of", "multipleOf: 0.0001", "0.00751", 0 },
	{ "multiple_of", "multipleOf: 0.01", "19.99", 1 },
	{ "multiple_of", "multipleOf: 1e-8", "12391239123", 1 },
	{ "multiple_of", "multipleOf: 1", "1000000000000.5", 0 },
	/* the division overflows: never a multiple, never a crash */
	{ "multiple_of", "{type: integer, multipleOf: 0.123456789}", "1e308", 0 },
	{ "lengths_count_code_points", "{minLength: 3, maxLength: 3}", "日本語", 1 },
	{ "lengths_count_code_points", "maxLength: 2", "日本語", 0 },
	{ "lengths_count_code_points", "maxLength: 2", "\"\\U0001F4A9\\U0001F4A9\"", 1 },
	{ "lengths_count_code_points", "minLength: 2", "\"\\U0001F4A9\"", 0 },
	{ "lengths_count_code_points", "minLength: 0", "''", 1 },
	{ "lengths_count_code_points", "minLength: 2.0", "ab", 1 },
	{ "pattern", "pattern: 'a+'", "xxaayy", 1 }, /* a search */
	{ "pattern", "pattern: '^abc$'", "\"abc\\n\"", 0 },
	{ "pattern", "pattern: '^\\p{Letter}+$'", "\xcf\x80", 1 },
	{ "pattern", "pattern: '^x$'", "5", 1 }, /* strings only */
	{ "format", "format: date", "2026-02-28", 1 },
	{ "format", "format: date", "2026-02-29", 0 },
	{ "format", "format: date", "5", 1 }, /* strings only */
	{ "format", "format: date-time", "2026-11-02T09:00:00Z", 1 },
	{ "format", "format: date-time", "2026-11-02 09:00", 0 },
	{ "format", "format: email", "sam@vendor.example", 1 },
	{ "format", "format: email", "sam@", 0 },
	{ "format", "format: uri", "https://example.com/x", 1 },
	{ "format", "format: uri", "example.com/x", 0 },
	{ "items_and_prefix_items", "items: {type: integer}", "[1, 2, 3]", 1 },
	{ "items_and_prefix_items", "items: {type: integer}", "[1, x]", 0 },
	{ "items_and_prefix_items", "items: false", "[]", 1 },
	{ "items_and_prefix_items", "items: false", "[1]", 0 },
	{ "items_and_prefix_items", "prefixItems: [{type: integer}, {type: string}]", "[1, a, true]", 1 },
	{ "items_and_prefix_items", "prefixItems: [{type: integer}, {type: string}]", "[a, 1]", 0 },
	{ "items_and_prefix_items", "{prefixItems: [{type: string}], items: {type: integer}}", "[x, 2, 3]", 1 },
	{ "items_and_prefix_items", "{prefixItems: [{type: string}], items: {type: integer}}", "[x, y]", 0 },
	{ "min_max_items", "minItems: 1", "[1]", 1 },
	{ "min_max_items", "minItems: 1", "[]", 0 },
	{ "min_max_items", "maxItems: 2", "[1, 2]", 1 },
	{ "min_max_items", "maxItems: 2", "[1, 2, 3]", 0 },
	{ "min_max_items", "minItems: 3", "abc", 1 },
	{ "unique_items", "uniqueItems: true", "[1, 2]", 1 },
	{ "unique_items", "uniqueItems: true", "[1, 1.0]", 0 },
	{ "unique_items", "uniqueItems: true", "[1, true]", 1 },
	{ "unique_items", "uniqueItems: true", "[{a: 1, b: 2}, {b: 2, a: 1}]", 0 },
	{ "unique_items", "uniqueItems: false", "[1, 1]", 1 },
	{ "contains", "contains: {const: 1}", "[3, 1]", 1 },
	{ "contains", "contains: {const: 1}", "[3, 2]", 0 },
	{ "contains", "contains: {const: 1}", "[]", 0 },
	{ "contains", "{contains: {const: 1}, minContains: 2}", "[1, 2, 1]", 1 },
	{ "contains", "{contains: {const: 1}, minContains: 2}", "[1, 2]", 0 },
	{ "contains", "{contains: {const: 1}, minContains: 0}", "[]", 1 },
	{ "contains", "{contains: {const: 1}, maxContains: 1}", "[1, 1]", 0 },
	{ "contains", "{contains: {const: 1}, maxContains: 1}", "[1, 2]", 1 },
	{ "contains", "maxContains: 0", "[1]", 1 }, /* without contains */
	{ "required", "required: [a]", "{a: 1}", 1 },
	{ "required", "required: [a]", "{b: 1}", 0 },
	{ "required", "required: [a]", "[1]", 1 }, /* objects only */
	{ "properties_and_additional", "properties: {a: {type: integer}}", "{a: 1, b: x}", 1 },
	{ "properties_and_additional", "properties: {a: {type: integer}}", "{a: x}", 0 },
	{ "properties_and_additional", "{properties: {a: {}}, additionalProperties: false}", "{a: 1, b: 2}", 0 },
	{ "properties_and_additional", "{properties: {a: {}}, additionalProperties: false}", "{a: 1}", 1 },
	{ "properties_and_additional", "additionalProperties: {type: boolean}", "{x: true}", 1 },
	{ "properties_and_additional", "additionalProperties: {type: boolean}", "{x: 1}", 0 },
	{ "properties_and_additional", "properties: {a: false}", "{a: 1}", 0 },
	{ "properties_and_additional", "properties: {a: false}", "{}", 1 },
	{ "pattern_properties", "patternProperties: {'^x-': {type: string}}", "{x-a: s, b: 1}", 1 },
	{ "pattern_properties", "patternProperties: {'^x-': {type: string}}", "{x-a: 1}", 0 },
	{ "pattern_properties", "{patternProperties: {'^v': {}}, additionalProperties: false}", "{vroom: 1}", 1 },
	{ "pattern_properties", "{patternProperties: {'^v': {}}, additionalProperties: false}", "{zoom: 1}", 0 },
	/* a key YAML reads as a number is still a name */
	{ "pattern_properties", "{patternProperties: {'^[0-9]+$': {type: string}}, additionalProperties: false}", "{2026: x}", 1 },
	{ "property_names", "propertyNames: {maxLength: 3}", "{abc: 1}", 1 },
	{ "property_names", "propertyNames: {maxLength: 3}", "{abcd: 1}", 0 },
	{ "property_names", "propertyNames: {pattern: '^[0-9]+$'}", "{2026: 1}", 1 },
	{ "property_names", "propertyNames: false", "{a: 1}", 0 },
	{ "dependent_required", "dependentRequired: {bar: [foo]}", "{foo: 1}", 1 },
	{ "dependent_required", "dependentRequired: {bar: [foo]}", "{foo: 1, bar: 2}", 1 },
	{ "dependent_required", "dependentRequired: {bar: [foo]}", "{bar: 2}", 0 },
	{ "min_max_properties", "minProperties: 1", "{a: 1}", 1 },
	{ "min_max_properties", "minProperties: 1", "{}", 0 },
	{ "min_max_properties", "maxProperties: 1", "{a: 1}", 1 },
	{ "min_max_properties", "maxProperties: 1", "{a: 1, b: 2}", 0 },
	{ "unevaluated_properties", "{$ref: '#/$defs/a', $defs: {a: {properties: {p: {}}}}, unevaluatedProperties: false}", "{p: 1}", 1 },
	/* the referenced schema does not see the referrer's properties */
	{ "unevaluated_properties", "{$defs: {A: {unevaluatedProperties: false}}, properties: {p: {}}, $ref: '#/$defs/A'}", "{p: 1}", 0 },
	{ "unevaluated_properties", "unevaluatedProperties: {type: integer}", "{p: 1}", 1 },
	{ "any_of_is_one_summary", "anyOf: [{type: integer}, {minimum: 2}]", "1", 1 },
	{ "any_of_is_one_summary", "anyOf: [{type: integer}, {minimum: 2}]", "2.5", 1 },
	{ "any_of_is_one_summary", "anyOf: [{type: integer}, {minimum: 2}]", "1.5", 0 },
	{ "one_of", "oneOf: [{type: integer}, {minimum: 2}]", "1", 1 },
	{ "one_of", "oneOf: [{type: integer}, {minimum: 2}]", "3", 0 },
	{ "one_of", "oneOf: [{type: integer}, {minimum: 2}]", "1.5", 0 },
	{ "not", "not: {type: integer}", "x", 1 },
	{ "not", "not: {type: integer}", "1", 0 },
	{ "not", "not: false", "1", 1 },
	{ "not", "not: true", "1", 0 },
	{ "if_then_else", "if: {const: 1}", "2", 1 },
	{ "if_then_else", "then: false", "2", 1 }, /* no if: ignored */
	{ "boolean_schemas", "true", "{a: 1}", 1 },
	{ "boolean_schemas", "false", "{a: 1}", 0 },
	{ "boolean_schemas", "allOf: [true, true]", "1", 1 },
	{ "boolean_schemas", "allOf: [true, false]", "1", 0 },
	{ "boolean_schemas", "anyOf: [false, true]", "1", 1 },
	{ "boolean_schemas", "oneOf: [true, true]", "1", 0 },
	{ "ref_local", "{$defs: {n: {type: integer}}, $ref: '#/$defs/n'}", "5", 1 },
	{ "ref_local", "{$defs: {n: {type: integer}}, $ref: '#/$defs/n'}", "x", 0 },
	/* pointers with ~0, ~1 and %-escapes */
	{ "ref_local", "{$defs: {'a/b': {type: integer}}, $ref: '#/$defs/a~1b'}", "x", 0 },
	{ "ref_local", "{$defs: {'a~b': {type: integer}}, $ref: '#/$defs/a~0b'}", "x", 0 },
	{ "ref_local", "{$defs: {'a%b': {type: integer}}, $ref: '#/$defs/a%25b'}", "x", 0 },
	{ "ref_local", "{$defs: {'a b': {type: integer}}, $ref: '#/$defs/a%20b'}", "x", 0 },
	/* into a list */
	{ "ref_local", "{prefixItems: [{type: integer}, {$ref: '#/prefixItems/0'}]}", "[1, x]", 0 },
	/* an anchor */
	{ "ref_local", "{$defs: {n: {$anchor: num, type: integer}}, $ref: '#num'}", "x", 0 },
	{ "ref_local", "{$defs: {n: {$anchor: num, type: integer}}, $ref: '#num'}", "4", 1 },
	/* siblings of $ref apply too */
	{ "ref_local", "{$defs: {a: {type: array}}, $ref: '#/$defs/a', maxItems: 1}", "[1, 2]", 0 },
	/* to a boolean schema */
	{ "ref_local", "{$defs: {no: false}, $ref: '#/$defs/no'}", "1", 0 },
	{ "ref_does_not_evaluate_enum_values", "{$defs: {s: {type: string}}, enum: [{$ref: '#/$defs/s'}]}", "x", 0 },
	{ "ref_does_not_evaluate_enum_values", "{$defs: {s: {type: string}}, enum: [{$ref: '#/$defs/s'}]}", "{$ref: '#/$defs/s'}", 1 },
	{ "x_keys_are_ignored", "type: object\nx-handoff:\n  sections: [{heading: Overview}]\nx-anything: {type: 5}\n", "{}", 1 },
	/* but a property named x-foo is a property */
	{ "x_keys_are_ignored", "properties: {x-foo: {type: integer}}", "{x-foo: a}", 0 },
	/* one definition for many properties: once for each value */
	{ "shared_refs_allowed", "$defs:\n  t: {properties: {left: {$ref: '#/$defs/t'}, right: {$ref: '#/$defs/t'}}}\n" "$ref: '#/$defs/t'\n", "{left: {left: {right: {}}}, right: {}}", 1 },
	/* properties and the rest both recursive: a value is in one of them */
	{ "shared_refs_allowed", "properties: {x: {$ref: '#'}}\nadditionalProperties: {$ref: '#'}\n" "unevaluatedProperties: false\nitems: {$ref: '#'}\nprefixItems: [{$ref: '#'}]\n", "{x: {y: [[{x: {}}]]}}", 1 },
	/* the built-in style: a shared definition used in many places */
	{ "shared_refs_allowed", "$defs:\n  person: {type: object, properties: {name: {type: string}}}\n" "properties:\n  a: {$ref: '#/$defs/person'}\n  b: {$ref: '#/$defs/person'}\n" "  c: {type: array, items: {$ref: '#/$defs/person'}}\n" "  d: {anyOf: [{$ref: '#/$defs/person'}, {type: 'null'}]}\n", "{a: {name: x}, c: [{name: y}], d: null}", 1 },
};

/* The instances each test's schemas refuse, with one diagnostic each. */
static const struct fail_case fail_cases[] = {
	{ "type_1", "type: string", "42",
	  "type", "", 1, 1, "expected string, got integer", 0 },
	{ "type_2", "type: [string, integer, 'null']", "true",
	  "type", "", 1, 1, "expected string, integer or null, got boolean", 0 },
	{ "enum_1", "properties: {status: {enum: [a, b, c]}}", "status: foo",
	  "enum", "/status", 1, 9, "'foo' is not one of: a, b, c", 0 },
	{ "enum_2", "enum: [1, 'two', null]", "3",
	  "enum", "", 1, 1, "3 is not one of: 1, two, null", 0 },
	{ "const", "properties: {kind: {const: deal-handoff}}", "kind: other",
	  "const", "/kind", 1, 7, "expected 'deal-handoff', got 'other'", 0 },
	{ "numbers", "{minimum: 0, maximum: 100}", "101",
	  "maximum", "", 1, 1, "must be at most 100", 0 },
	{ "numbers", "exclusiveMinimum: 0", "0",
	  "exclusiveMinimum", "", 1, 1, "must be greater than 0", 0 },
	{ "numbers", "exclusiveMaximum: 10", "10",
	  "exclusiveMaximum", "", 1, 1, "must be less than 10", 0 },
	{ "numbers", "minimum: -2", "-3",
	  "minimum", "", 1, 1, "must be at least -2", 0 },
	{ "multiple_of", "multipleOf: 0.5", "0.3",
	  "multipleOf", "", 1, 1, "must be a multiple of 0.5", 0 },
	{ "lengths_count_code_points", "properties: {account: {minLength: 2}}", "account: A",
	  "minLength", "/account", 1, 10, "must be at least 2 characters long", 0 },
	{ "lengths_count_code_points", "maxLength: 1", "ab",
	  "maxLength", "", 1, 1, "must be at most 1 character long", 0 },
	{ "pattern", "properties:\n  commitments:\n    items:\n" "      properties: {id: {pattern: '^C[0-9]+$'}}\n", "commitments:\n  - id: C1\n  - id: x\n",
	  "pattern", "/commitments/1/id", 3, 9, "'x' does not match pattern '^C[0-9]+$'", 1 },
	{ "format", "properties: {due: {format: date}}", "due: 2026-13-01",
	  "format", "/due", 1, 6, "'2026-13-01' is not a valid date", 0 },
	{ "format", "format: email", "x",
	  "format", "", 1, 1, "'x' is not a valid email address", 0 },
	{ "format", "format: uri", "x",
	  "format", "", 1, 1, "'x' is not a valid URI", 0 },
	{ "format", "format: date-time", "x",
	  "format", "", 1, 1, "'x' is not a valid date-time", 0 },
	{ "items_and_prefix_items", "{prefixItems: [{}, {}], items: false}", "[1, 2, 3]",
	  "items", "", 1, 1, "must have at most 2 items", 0 },
	{ "min_max_items", "properties: {commitments: {minItems: 1}}", "commitments: []",
	  "minItems", "/commitments", 1, 14, "must have at least 1 item", 0 },
	{ "min_max_items", "maxItems: 1", "[1, 2]",
	  "maxItems", "", 1, 1, "must have at most 1 item", 0 },
	{ "unique_items", "uniqueItems: true", "[a, b, a]",
	  "uniqueItems", "", 1, 1, "items 0 and 2 are equal; items must be unique", 0 },
	{ "contains", "{contains: {type: string}, minContains: 2}", "[a]",
	  "minContains", "", 1, 1, "must contain at least 2 items matching the schema in 'contains'", 0 },
	{ "contains", "{contains: {type: string}, maxContains: 1}", "[a, b]",
	  "maxContains", "", 1, 1, "must contain at most 1 item matching the schema in 'contains'", 0 },
	{ "properties_and_additional_1", "{properties: {a: {}}, additionalProperties: false}", "a: 1\nfoo: 2\n",
	  "additionalProperties", "/foo", 2, 1, "property 'foo' is not allowed", 0 },
	{ "properties_and_additional_2", "properties: {a: false}", "a: 1\n",
	  "properties", "/a", 1, 1, "property 'a' is not allowed", 0 },
	{ "pattern_properties", "patternProperties: {'^b': false}", "bar: 1\n",
	  "patternProperties", "/bar", 1, 1, "property 'bar' is not allowed", 0 },
	{ "property_names", "propertyNames: {pattern: '^[a-z_]+$'}", "ok: 1\nBad: 2\n",
	  "propertyNames", "/Bad", 2, 1, "property name 'Bad' does not match the schema in 'propertyNames'", 1 },
	{ "dependent_required", "dependentRequired: {churn_risk: [churn_reason]}", "id: x\nchurn_risk: high\n",
	  "dependentRequired", "/churn_reason", 1, 1, "property 'churn_reason' is required when 'churn_risk' is present", 0 },
	{ "min_max_properties", "minProperties: 2", "{a: 1}",
	  "minProperties", "", 1, 1, "must have at least 2 properties", 0 },
	{ "min_max_properties", "maxProperties: 1", "{a: 1, b: 1}",
	  "maxProperties", "", 1, 1, "must have at most 1 property", 0 },
	{ "any_of_is_one_summary", "properties:\n  contact:\n    anyOf: [{type: string, format: email}, {type: string, format: uri}, {type: 'null'}]\n", "contact: 5\n",
	  "anyOf", "/contact", 1, 10, "does not match any of the 3 alternatives of anyOf", 1 },
	{ "one_of", "oneOf: [{type: integer}, {minimum: 2}, {type: string}]", "3",
	  "oneOf", "", 1, 1, "matches alternatives 1 and 2 of oneOf, but must match exactly one", 1 },
	{ "one_of", "oneOf: [{type: integer}, {type: string}]", "1.5",
	  "oneOf", "", 1, 1, "does not match any of the 2 alternatives of oneOf", 0 },
	{ "not", "not: {const: TBD}", "TBD",
	  "not", "", 1, 1, "must not match the schema in 'not'", 1 },
	{ "boolean_schemas", "false", "1",
	  "false", "", 1, 1, "no value is allowed here", 0 },
	{ "messages_quote_safely", "enum: [a]", "\"x\\ny\\0z\"",
	  "enum", "", 1, 1, "'x\\ny\\x00z' is not one of: a", 0 },
};

static void check_valid(const char *test)
{
	size_t i, n = 0;

	for (i = 0; i < ARRAY_SIZE(valid_cases); i++) {
		const struct valid_case *c = &valid_cases[i];

		if (strcmp(c->test, test))
			continue;
		if (valid(c->schema, c->instance) != c->valid)
			fail_msg("schema '%s' %s instance '%s'", c->schema,
				c->valid ? "refuses" : "takes", c->instance);
		n++;
	}
	assert_true(n > 0);
}

static void check_fails(const char *test)
{
	struct diag_list d = DIAG_LIST_INIT;
	size_t i, n = 0;

	for (i = 0; i < ARRAY_SIZE(fail_cases); i++) {
		const struct fail_case *c = &fail_cases[i];

		if (strcmp(c->test, test))
			continue;
		assert_int_equal(run(c->schema, c->instance, &d), 1);
		expect(&d, c->code, c->pointer, c->line, c->col, c->message);
		if (c->n)
			assert_int_equal(d.n, c->n);
		handoff__diag_list_release(&d);
		n++;
	}
	assert_true(n > 0);
}

/* ---- types */

static void test_schema__type(void **state)
{
	(void)state;
	check_valid("type");

	check_fails("type_1");

	check_fails("type_2");
}

static void test_schema__null_instance_is_an_empty_mapping(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;

	(void)state;
	assert_int_equal(run("{type: object, required: [id]}", NULL, &d), 1);
	expect(&d, "required", "/id", 0, 0, "required property 'id' is missing");
	handoff__diag_list_release(&d);
	assert_int_equal(run("{type: object, maxProperties: 0}", NULL, &d), 0);
	assert_int_equal(run("{type: string}", NULL, &d), 1);
	expect(&d, "type", "", 0, 0, "expected string, got object");
	handoff__diag_list_release(&d);
}

/* ---- enum, const */

static void test_schema__enum(void **state)
{
	(void)state;
	check_valid("enum");

	check_fails("enum_1");

	check_fails("enum_2");
}

static void test_schema__const(void **state)
{
	(void)state;
	check_valid("const");

	check_fails("const");
}

/* ---- numbers */

static void test_schema__numbers(void **state)
{
	(void)state;
	check_valid("numbers");

	check_fails("numbers");
}

static void test_schema__multiple_of(void **state)
{
	(void)state;
	check_valid("multiple_of");

	check_fails("multiple_of");
}

/* ---- strings */

static void test_schema__lengths_count_code_points(void **state)
{
	(void)state;
	check_valid("lengths_count_code_points");

	check_fails("lengths_count_code_points");
}

static void test_schema__pattern(void **state)
{
	(void)state;
	check_valid("pattern");

	check_fails("pattern");
}

static void test_schema__format(void **state)
{
	(void)state;
	check_valid("format");

	check_fails("format");
}

/* ---- arrays */

static void test_schema__items_and_prefix_items(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;

	(void)state;
	check_valid("items_and_prefix_items");

	check_fails("items_and_prefix_items");

	assert_int_equal(run("items: {type: integer}", "- 1\n- x\n- 3\n- y\n", &d), 1);
	expect(&d, "type", "/1", 2, 3, "expected integer, got string");
	expect(&d, "type", "/3", 4, 3, "expected integer, got string");
	handoff__diag_list_release(&d);
}

static void test_schema__min_max_items(void **state)
{
	(void)state;
	check_valid("min_max_items");

	check_fails("min_max_items");
}

static void test_schema__unique_items(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	char big[8192];
	size_t i, o = 0;

	(void)state;
	check_valid("unique_items");

	check_fails("unique_items");

	/* a long array takes the hashing path */
	o += (size_t)snprintf(big + o, sizeof(big) - o, "[");
	for (i = 0; i < 500; i++)
		o += (size_t)snprintf(big + o, sizeof(big) - o, "%s%zu", i ? "," : "", i);
	snprintf(big + o, sizeof(big) - o, "]");
	assert_true(valid("uniqueItems: true", big));
	big[o] = '\0';
	strcat(big, ",{k: [1]},{k: [1.0]}]");
	assert_int_equal(run("uniqueItems: true", big, &d), 1);
	expect(&d, "uniqueItems", "", 1, 1, "items 500 and 501 are equal; items must be unique");
	handoff__diag_list_release(&d);
}

static void test_schema__contains(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;

	(void)state;
	check_valid("contains");

	assert_int_equal(run("contains: {type: string}", "[1, 2]", &d), 1);
	expect(&d, "contains", "", 1, 1,
		"must contain at least 1 item matching the schema in 'contains'");
	assert_int_equal(d.n, 1);	/* the items tried are not reported */
	handoff__diag_list_release(&d);
	check_fails("contains");
}

/* ---- objects */

static void test_schema__required(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;

	(void)state;
	check_valid("required");

	assert_int_equal(run("properties:\n  owners:\n    required: [ae, cs_manager]\n",
		"id: H-1\nowners:\n  ae: sam@x.example\n", &d), 1);
	/* the pointer of the missing property, the place of its mapping */
	expect(&d, "required", "/owners/cs_manager", 3, 3,
		"required property 'cs_manager' is missing");
	handoff__diag_list_release(&d);

	/* names that need escaping in a pointer */
	assert_int_equal(run("required: ['a/b', 'c~d']", "{}", &d), 1);
	expect(&d, "required", "/a~1b", 0, 0, "required property 'a/b' is missing");
	expect(&d, "required", "/c~0d", 0, 0, "required property 'c~d' is missing");
	handoff__diag_list_release(&d);
}

static void test_schema__properties_and_additional(void **state)
{
	(void)state;
	check_valid("properties_and_additional");

	check_fails("properties_and_additional_1");

	check_fails("properties_and_additional_2");
}

static void test_schema__pattern_properties(void **state)
{
	(void)state;
	check_valid("pattern_properties");

	check_fails("pattern_properties");
}

static void test_schema__property_names(void **state)
{
	(void)state;
	check_valid("property_names");

	check_fails("property_names");
}

static void test_schema__dependent_required(void **state)
{
	(void)state;
	check_valid("dependent_required");

	check_fails("dependent_required");
}

static void test_schema__min_max_properties(void **state)
{
	(void)state;
	check_valid("min_max_properties");

	check_fails("min_max_properties");
}

static void test_schema__unevaluated_properties(void **state)
{
	static const char schema[] =
		"properties: {a: {}}\n"
		"allOf: [{properties: {b: {}}}]\n"
		"anyOf: [{properties: {c: {}}, required: [c]}, true]\n"
		"if: {properties: {kind: {const: x}}, required: [kind]}\n"
		"then: {properties: {x_only: {}}}\n"
		"unevaluatedProperties: false\n";
	struct diag_list d = DIAG_LIST_INIT;

	(void)state;
	assert_true(valid(schema, "{a: 1, b: 2, c: 3}"));
	assert_true(valid(schema, "{kind: x, x_only: 1}"));
	assert_false(valid(schema, "{kind: y, x_only: 1}"));
	assert_false(valid(schema, "{a: 1, z: 2}"));
	check_valid("unevaluated_properties");

	assert_int_equal(run(schema, "a: 1\nz: 2\n", &d), 1);
	expect(&d, "unevaluatedProperties", "/z", 2, 1, "property 'z' is not allowed");
	handoff__diag_list_release(&d);
}

/* ---- applicators */

static void test_schema__all_of_reports_its_members(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;

	(void)state;
	assert_true(valid("allOf: [{minimum: 1}, {maximum: 3}]", "2"));
	assert_int_equal(run("allOf: [{minimum: 1}, {maximum: 3}, {type: integer}]", "4.5", &d), 1);
	expect(&d, "maximum", "", 1, 1, "must be at most 3");
	expect(&d, "type", "", 1, 1, "expected integer, got number");
	assert_int_equal(d.n, 2);
	handoff__diag_list_release(&d);
}

static void test_schema__any_of_is_one_summary(void **state)
{
	(void)state;
	check_valid("any_of_is_one_summary");

	check_fails("any_of_is_one_summary");
}

static void test_schema__one_of(void **state)
{
	(void)state;
	check_valid("one_of");

	check_fails("one_of");
}

static void test_schema__not(void **state)
{
	(void)state;
	check_valid("not");

	check_fails("not");
}

static void test_schema__if_then_else(void **state)
{
	static const char schema[] =
		"if: {properties: {tier: {const: enterprise}}, required: [tier]}\n"
		"then: {required: [csm]}\n"
		"else: {properties: {csm: {type: 'null'}}}\n";
	struct diag_list d = DIAG_LIST_INIT;

	(void)state;
	assert_true(valid(schema, "{tier: enterprise, csm: Sam}"));
	assert_false(valid(schema, "{tier: enterprise}"));
	assert_true(valid(schema, "{tier: smb}"));
	assert_false(valid(schema, "{tier: smb, csm: Sam}"));
	check_valid("if_then_else");

	/* the branch taken reports as itself; the condition says nothing */
	assert_int_equal(run(schema, "tier: enterprise\n", &d), 1);
	expect(&d, "required", "/csm", 1, 1, "required property 'csm' is missing");
	assert_int_equal(d.n, 1);
	handoff__diag_list_release(&d);
	assert_int_equal(run(schema, "tier: smb\ncsm: Sam\n", &d), 1);
	expect(&d, "type", "/csm", 2, 6, "expected null, got string");
	assert_int_equal(d.n, 1);
	handoff__diag_list_release(&d);
}

/* A then's (or an else's) description says why with each of its problems. */
static void test_schema__then_description_explains(void **state)
{
	static const char schema[] =
		"if: {properties: {tier: {const: enterprise}}, required: [tier]}\n"
		"then: {description: an enterprise account has a CS manager, required: [csm]}\n"
		"else: {description: only enterprise, properties: {csm: {type: 'null'}}}\n";
	struct diag_list d = DIAG_LIST_INIT;

	(void)state;
	assert_int_equal(run(schema, "tier: enterprise\n", &d), 1);
	expect(&d, "required", "/csm", 1, 1, "required property 'csm' is missing: "
		"an enterprise account has a CS manager");
	assert_int_equal(d.n, 1);
	handoff__diag_list_release(&d);
	assert_int_equal(run(schema, "tier: smb\ncsm: Sam\n", &d), 1);
	expect(&d, "type", "/csm", 2, 6, "expected null, got string: only enterprise");
	handoff__diag_list_release(&d);
	/* the if's own description is no message: it passed or failed quietly */
	assert_true(valid("if: {description: x, const: 1}\nthen: {const: 1}", "1"));
}

static void test_schema__boolean_schemas(void **state)
{
	(void)state;
	check_valid("boolean_schemas");

	check_fails("boolean_schemas");
}

/* ---- $ref */

static void test_schema__ref_local(void **state)
{
	(void)state;
	check_valid("ref_local");
}

static void test_schema__ref_recursive_descends(void **state)
{
	static const char tree[] =
		"type: object\n"
		"properties:\n"
		"  value: {type: number}\n"
		"  children: {type: array, items: {$ref: '#'}}\n"
		"additionalProperties: false\n";
	struct diag_list d = DIAG_LIST_INIT;

	(void)state;
	assert_true(valid(tree, "{value: 1, children: [{value: 2, children: [{value: 3}]}]}"));
	assert_int_equal(run(tree, "value: 1\nchildren:\n  - value: 2\n    children:\n      - value: x\n", &d), 1);
	expect(&d, "type", "/children/0/children/0/value", 5, 16, "expected number, got string");
	handoff__diag_list_release(&d);
}

static void test_schema__ref_with_ids(void **state)
{
	static const char ids[] =
		"$id: https://handoff.example/kinds/deal\n"
		"$ref: parts/amount\n"
		"$defs:\n"
		"  amount:\n"
		"    $id: parts/amount\n"
		"    $ref: currency\n"
		"  currency:\n"
		"    $id: parts/currency\n"
		"    type: integer\n";

	(void)state;
	assert_true(valid(ids, "5"));
	assert_false(valid(ids, "x"));
	assert_false(valid("{$id: 'urn:example:kind', properties: {a: {$ref: 'urn:example:kind#/$defs/s'}}, $defs: {s: {type: string}}}",
		"{a: 1}"));
}

static void test_schema__ref_does_not_evaluate_enum_values(void **state)
{
	(void)state;
	check_valid("ref_does_not_evaluate_enum_values");
}

/* ---- every problem, in one run */

static void test_schema__all_problems_reported(void **state)
{
	static const char schema[] =
		"type: object\n"
		"required: [id, account, owners, commitments]\n"
		"additionalProperties: false\n"
		"properties:\n"
		"  id: {type: string, pattern: '^H-[0-9]{4}$'}\n"
		"  account: {type: string, minLength: 2}\n"
		"  owners:\n"
		"    type: object\n"
		"    required: [ae, cs_manager]\n"
		"  commitments:\n"
		"    type: array\n"
		"    minItems: 1\n"
		"    items:\n"
		"      type: object\n"
		"      required: [id, due]\n"
		"      properties:\n"
		"        due: {type: string, format: date}\n"
		"  status: {enum: [draft, ready]}\n";
	static const char record[] =
		"id: H-12\n"
		"owners:\n"
		"  ae: sam@x.example\n"
		"commitments:\n"
		"  - id: C1\n"
		"    due: 2026-02-30\n"
		"  - id: C2\n"
		"status: done\n"
		"extra: 1\n";
	struct diag_list d = DIAG_LIST_INIT;

	(void)state;
	assert_int_equal(run(schema, record, &d), 1);
	expect(&d, "required", "/account", 1, 1, "required property 'account' is missing");
	expect(&d, "pattern", "/id", 1, 5, "'H-12' does not match pattern '^H-[0-9]{4}$'");
	expect(&d, "required", "/owners/cs_manager", 3, 3, NULL);
	expect(&d, "format", "/commitments/0/due", 6, 10, "'2026-02-30' is not a valid date");
	expect(&d, "required", "/commitments/1/due", 7, 5, "required property 'due' is missing");
	expect(&d, "enum", "/status", 8, 9, "'done' is not one of: draft, ready");
	expect(&d, "additionalProperties", "/extra", 9, 1, "property 'extra' is not allowed");
	assert_int_equal(d.n, 7);
	handoff__diag_list_release(&d);
}

static void test_schema__messages_quote_safely(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	char longer[400];

	(void)state;
	check_fails("messages_quote_safely");

	memset(longer, 'q', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	assert_int_equal(run("const: a", longer, &d), 1);
	assert_non_null(strstr(d.v[0].message, "qqq...'"));
	assert_true(strlen(d.v[0].message) < 100);
	handoff__diag_list_release(&d);
}

/* ---- guards */

static void test_schema__pattern_limit_fails_closed(void **state)
{
	static const char *const schemas[] = {
		"pattern: '^(a+)+$'",
		"not: {pattern: '^(a+)+$'}",
		"anyOf: [{pattern: '^(a+)+$'}, {type: integer}]",
		"properties: {p: {not: {pattern: '^(a+)+$'}}}",
	};
	static const size_t sizes[] = { 30, 1000, 10000 };
	size_t i, j;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(schemas); i++) {
		for (j = 0; j < ARRAY_SIZE(sizes); j++) {
			struct diag_list d = DIAG_LIST_INIT;
			char *inst = malloc(sizes[j] + 8);

			assert_non_null(inst);
			memcpy(inst, i == 3 ? "p: " : "", i == 3 ? 3 : 0);
			memset(inst + (i == 3 ? 3 : 0), 'a', sizes[j]);
			strcpy(inst + (i == 3 ? 3 : 0) + sizes[j], "!");
			assert_int_equal(run(schemas[i], inst, &d), 1);
			expect(&d, "pattern-limit", i == 3 ? "/p" : "", 1,
				i == 3 ? 4 : 1, NULL);
			assert_non_null(strstr(find(&d, "pattern-limit", NULL)->message,
				"exceeded its match limit"));
			handoff__diag_list_release(&d);
			free(inst);
		}
	}
}

static void test_schema__pattern_properties_limit(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	char inst[200];

	(void)state;
	memset(inst, 'a', 60);
	strcpy(inst + 60, "!: 1\n");
	assert_int_equal(run("{patternProperties: {'^(a+)+$': {}}, additionalProperties: false}",
		inst, &d), 1);
	expect(&d, "pattern-limit", "", 1, 1, NULL);
	assert_null(find(&d, "additionalProperties", NULL));
	handoff__diag_list_release(&d);
}

static void test_schema__deep_value(void **state)
{
	/* 60 levels of nested lists under a recursive schema */
	char inst[256];
	struct diag_list d = DIAG_LIST_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < 60; i++)
		inst[i] = '[';
	inst[60] = 'x';
	for (i = 0; i < 60; i++)
		inst[61 + i] = ']';
	inst[121] = '\0';
	assert_int_equal(run("anyOf: [{type: integer}, {type: array, items: {$ref: '#'}}]",
		inst, &d), 1);
	assert_int_equal(d.n, 1);
	handoff__diag_list_release(&d);
	inst[60] = '1';
	assert_int_equal(run("anyOf: [{type: integer}, {type: array, items: {$ref: '#'}}]",
		inst, &d), 0);
	assert_int_equal(run("{type: array, items: {$ref: '#'}}", "[[[[[[]]]]]]", &d), 0);
}

/* ---- compiling: a kind's schema, strictly */

static void test_schema__strict_unknown_keyword(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;

	(void)state;
	assert_int_equal(compile_fails("type: object\nproperties:\n  a:\n    requried: [x]\n",
		SCHEMA_STRICT, &d), HANDOFF_ESCHEMA);
	expect(&d, "schema", "/properties/a/requried", 4, 5,
		"unknown keyword 'requried' (did you mean 'required'?)");
	handoff__diag_list_release(&d);

	assert_int_equal(compile_fails("frobnicate: 1\n", SCHEMA_STRICT, &d), HANDOFF_ESCHEMA);
	expect(&d, "schema", "/frobnicate", 1, 1, "unknown keyword 'frobnicate'");
	handoff__diag_list_release(&d);

	/* lenient: ignored */
	assert_int_equal(run_flags("{frobnicate: 1, format: phone, type: string}", "x", 0, &d), 0);
}

static void test_schema__x_keys_are_ignored(void **state)
{
	(void)state;
	check_valid("x_keys_are_ignored");
}

static void test_schema__strict_bad_patterns(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;

	(void)state;
	assert_int_equal(compile_fails("properties:\n  a: {pattern: '('}\n"
		"  b: {pattern: '[z-a]'}\npatternProperties:\n  '(x': {}\n",
		SCHEMA_STRICT, &d), HANDOFF_ESCHEMA);
	expect(&d, "schema", "/properties/a/pattern", 2, 16,
		"bad pattern '(': missing closing parenthesis at offset 1");
	expect(&d, "schema", "/properties/b/pattern", 3, 16,
		"bad pattern '[z-a]': range out of order in character class at offset 3");
	expect(&d, "schema", "/patternProperties/(x", 5, 3,
		"bad pattern '(x': missing closing parenthesis at offset 2");
	assert_int_equal(d.n, 3);
	handoff__diag_list_release(&d);
}

static void test_schema__strict_bad_refs(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;

	(void)state;
	assert_int_equal(compile_fails("properties:\n  a: {$ref: '#/$defs/nope'}\n"
		"  b: {$ref: 'https://example.com/s.json'}\n"
		"  c: {$ref: '#/properties/a/$ref'}\n  d: {$ref: '#missing'}\n",
		SCHEMA_STRICT, &d), HANDOFF_ESCHEMA);
	expect(&d, "schema", "/properties/a/$ref", 2, 13,
		"$ref '#/$defs/nope' does not point to anything in this schema");
	expect(&d, "schema", "/properties/b/$ref", 3, 13,
		"$ref 'https://example.com/s.json' refers to another document; only references inside this schema are supported");
	expect(&d, "schema", "/properties/c/$ref", 4, 13,
		"$ref '#/properties/a/$ref' points to a string, not to a schema");
	expect(&d, "schema", "/properties/d/$ref", 5, 13,
		"$ref '#missing' does not point to anything in this schema");
	handoff__diag_list_release(&d);
}

static void test_schema__strict_unknown_format(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;

	(void)state;
	assert_int_equal(compile_fails("properties:\n  p: {type: string, format: phone}\n",
		SCHEMA_STRICT, &d), HANDOFF_ESCHEMA);
	expect(&d, "schema", "/properties/p/format", 2, 29,
		"unknown format 'phone' (date, date-time, email, uri)");
	handoff__diag_list_release(&d);
}

static void test_schema__wrong_values_all_reported(void **state)
{
	static const char schema[] =
		"type: objekt\n"
		"minProperties: x\n"
		"properties:\n"
		"  a: {minLength: -1}\n"
		"  b: {maxItems: 1.5}\n"
		"  c: 5\n"
		"  d: {required: [x, x, 3]}\n"
		"  e: {multipleOf: 0}\n"
		"  f: {enum: a}\n"
		"  g: {items: [{}]}\n"
		"  h: {allOf: []}\n"
		"  i: {minimum: low}\n"
		"  j: {uniqueItems: 1}\n"
		"  k: {$anchor: '1bad'}\n"
		"  l: {type: [string, string]}\n";
	struct diag_list d = DIAG_LIST_INIT;

	(void)state;
	assert_int_equal(compile_fails(schema, SCHEMA_STRICT, &d), HANDOFF_ESCHEMA);
	expect(&d, "schema", "/type", 1, 7,
		"unknown type 'objekt' (null, boolean, object, array, number, string, integer)");
	expect(&d, "schema", "/minProperties", 2, 16,
		"'minProperties' must be a non-negative integer, not a string");
	expect(&d, "schema", "/properties/a/minLength", 4, 18,
		"'minLength' must be a non-negative integer, not -1");
	expect(&d, "schema", "/properties/b/maxItems", 5, 17,
		"'maxItems' must be a non-negative integer, not 1.5");
	expect(&d, "schema", "/properties/c", 6, 6,
		"a schema must be a mapping or true or false, not an integer");
	expect(&d, "schema", "/properties/d/required/1", 7, 21, "'required' lists 'x' twice");
	expect(&d, "schema", "/properties/d/required/2", 7, 24, NULL);
	expect(&d, "schema", "/properties/e/multipleOf", 8, 19,
		"'multipleOf' must be a number greater than 0, not 0");
	expect(&d, "schema", "/properties/f/enum", 9, 13,
		"'enum' must be a list of the allowed values, not a string");
	expect(&d, "schema", "/properties/g/items", 10, 14, NULL);
	expect(&d, "schema", "/properties/h/allOf", 11, 14,
		"'allOf' must be a non-empty list of schemas");
	expect(&d, "schema", "/properties/i/minimum", 12, 16,
		"'minimum' must be a number, not a string");
	expect(&d, "schema", "/properties/j/uniqueItems", 13, 20,
		"'uniqueItems' must be true or false, not an integer");
	expect(&d, "schema", "/properties/k/$anchor", 14, 16, NULL);
	expect(&d, "schema", "/properties/l/type/1", 15, 22, "type 'string' is listed twice");
	assert_int_equal(d.n, 15);
	handoff__diag_list_release(&d);
}

static void test_schema__ref_cycles_refused(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;

	(void)state;
	assert_int_equal(compile_fails("$ref: '#'\n", 0, &d), HANDOFF_ESCHEMA);
	expect(&d, "schema", "/$ref", 1, 7,
		"$ref '#' leads back to the same schema without going into the value, so checking would never end");
	handoff__diag_list_release(&d);

	assert_int_equal(compile_fails("$defs:\n  a: {$ref: '#/$defs/b'}\n"
		"  b: {allOf: [{$ref: '#/$defs/a'}]}\n$ref: '#/$defs/a'\n", 0, &d),
		HANDOFF_ESCHEMA);
	assert_int_equal(d.n, 1);
	handoff__diag_list_release(&d);

	assert_int_equal(compile_fails("anyOf: [{type: string}, {not: {$ref: '#'}}]\n",
		SCHEMA_STRICT, &d), HANDOFF_ESCHEMA);
	expect(&d, "schema", "/anyOf/1/not/$ref", 1, 38, NULL);
	handoff__diag_list_release(&d);

	/* through a keyword that descends: fine */
	assert_true(valid("properties: {next: {$ref: '#'}}", "{next: {next: {}}}"));
}

/* ---- work that multiplies: the compile-time check and the budget */

/*
 * A schema whose $defs a1 ... a<levels> each apply the next twice, with
 * `name` referring to a1; the last is {type: string}.
 */
static char *doubling(unsigned int levels)
{
	handoff_buf b = HANDOFF_BUF_INIT;
	unsigned int i;

	assert_int_equal(handoff__buf_puts(&b, "type: object\nproperties:\n"
		"  name: {$ref: '#/$defs/a1'}\n$defs:\n"), 0);
	for (i = 1; i <= levels; i++)
		assert_int_equal(handoff__buf_printf(&b,
			"  a%u: {allOf: [{$ref: '#/$defs/a%u'}, {$ref: '#/$defs/a%u'}]}\n",
			i, i + 1, i + 1), 0);
	assert_int_equal(handoff__buf_printf(&b, "  a%u: {type: string}\n",
		levels + 1), 0);
	return b.ptr;
}

static void test_schema__doubling_refs_refused(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	char *text = doubling(40);

	(void)state;
	assert_int_equal(compile_fails(text, SCHEMA_STRICT, &d), HANDOFF_ESCHEMA);
	/* a11 is the first applied 1024 times; blamed at the second $ref to it */
	expect(&d, "schema", "/$defs/a10/allOf/1/$ref", 14, 47,
		"$ref '#/$defs/a11' applies what it names to one value 1024 times (at most 1000): $refs that lead to one place more than once multiply, so checking a record would take too long");
	assert_int_equal(d.n, 1);
	handoff__diag_list_release(&d);
	free(text);

	/* the same in a list's items, and from any top, not just the root */
	assert_int_equal(compile_fails("$defs:\n  t: {anyOf: [{$ref: '#/$defs/u'}, {$ref: '#/$defs/u'}]}\n"
		"  u: {oneOf: [{$ref: '#/$defs/v'}, {$ref: '#/$defs/v'}, {$ref: '#/$defs/v'}]}\n"
		"  v: {allOf: [{$ref: '#/$defs/w'}, {not: {$ref: '#/$defs/w'}}]}\n"
		"  w: {if: {$ref: '#/$defs/x'}, then: {$ref: '#/$defs/x'}, else: {$ref: '#/$defs/x'}}\n"
		"  x: {allOf: [{$ref: '#/$defs/y'}, {$ref: '#/$defs/y'}, {$ref: '#/$defs/y'}, {$ref: '#/$defs/y'}, {$ref: '#/$defs/y'}]}\n"
		"  y: {allOf: [{$ref: '#/$defs/z'}, {$ref: '#/$defs/z'}, {$ref: '#/$defs/z'}, {$ref: '#/$defs/z'}, {$ref: '#/$defs/z'}, {$ref: '#/$defs/z'}]}\n"
		"  z: {type: string}\n"
		"items: {$ref: '#/$defs/t'}\n", 0, &d), HANDOFF_ESCHEMA);
	/* 2 x 3 x 2 x 3 x 5 x 6 = 1080 */
	expect(&d, "schema", "/$defs/y/allOf/5/$ref", 7, 0,
		"$ref '#/$defs/z' applies what it names to one value 1080 times (at most 1000): $refs that lead to one place more than once multiply, so checking a record would take too long");
	assert_int_equal(d.n, 1);
	handoff__diag_list_release(&d);

	/* a schema applying itself to itself: a cycle, refused as such */
	assert_int_equal(compile_fails("$defs:\n  a: {$ref: '#/$defs/a'}\n"
		"properties: {x: {$ref: '#/$defs/a'}}\n", 0, &d), HANDOFF_ESCHEMA);
	expect(&d, "schema", "/$defs/a/$ref", 2, 13,
		"$ref '#/$defs/a' leads back to the same schema without going into the value, so checking would never end");
	handoff__diag_list_release(&d);
}

static void test_schema__shared_refs_allowed(void **state)
{
	char *text = doubling(9);	/* 512 times: allowed */

	(void)state;
	assert_true(valid(text, "name: x"));
	free(text);
	check_valid("shared_refs_allowed");
}

static void test_schema__too_many_subschemas_on_one_value(void **state)
{
	/*
	 * 300 $refs on one value to a definition of 400 parts: each part
	 * applied only 300 times, but 120,000 applications in all.
	 */
	struct diag_list d = DIAG_LIST_INIT;
	handoff_buf b = HANDOFF_BUF_INIT;
	size_t i;

	(void)state;
	assert_int_equal(handoff__buf_puts(&b, "$defs:\n  big: {allOf: ["), 0);
	for (i = 0; i < 400; i++)
		assert_int_equal(handoff__buf_puts(&b, "{}, "), 0);
	assert_int_equal(handoff__buf_puts(&b, "{}]}\nanyOf:\n"), 0);
	for (i = 0; i < 300; i++)
		assert_int_equal(handoff__buf_puts(&b, "  - {$ref: '#/$defs/big'}\n"), 0);
	assert_int_equal(compile_fails(b.ptr, SCHEMA_STRICT, &d), HANDOFF_ESCHEMA);
	expect(&d, "schema", "/anyOf/299/$ref", 303, 12,
		"$ref '#/$defs/big' applies what it names to one value 300 times, and with the rest 120901 subschemas apply to that value (at most 100000): checking a record would take too long");
	handoff__diag_list_release(&d);
	handoff_buf_dispose(&b);

	/* one value each: many properties naming one big definition */
	assert_int_equal(handoff__buf_puts(&b, "$defs:\n  big: {allOf: ["), 0);
	for (i = 0; i < 3000; i++)
		assert_int_equal(handoff__buf_puts(&b, "{}, "), 0);
	assert_int_equal(handoff__buf_puts(&b, "{}]}\nproperties:\n"), 0);
	for (i = 0; i < 300; i++)
		assert_int_equal(handoff__buf_printf(&b, "  p%zu: {$ref: '#/$defs/big'}\n", i), 0);
	assert_true(valid(b.ptr, "{p1: 1, p2: x}"));
	handoff_buf_dispose(&b);
}

/* Compile strictly; the caller validates and frees. */
static struct schema *compile_ok(const char *text, struct doc **doc)
{
	struct diag_list cd = DIAG_LIST_INIT;
	struct schema *s = NULL;

	*doc = load(text);
	assert_int_equal(handoff__schema_compile(&s, (*doc)->root, "kind.yaml",
		SCHEMA_STRICT, &cd), 0);
	handoff__diag_list_release(&cd);
	return s;
}

static void test_schema__budget_stops_doubling(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	char *text = doubling(9);
	struct doc *sd, *id = load("name: x");
	struct schema *s = compile_ok(text, &sd);
	unsigned long spent = 0;

	(void)state;
	/* within the default budget: 1 + 1 + 2 + ... + 2 * 512 applications */
	assert_int_equal(handoff__schema_validate_counted(s, id->root, SCHEMA_BUDGET,
		&spent, &d), 0);
	assert_int_equal(d.n, 0);
	assert_true(spent > 2000 && spent < 4000);
	/* a smaller budget: stopped at it, one diagnostic, invalid */
	assert_int_equal(handoff__schema_validate_counted(s, id->root, 1000, &spent, &d), 1);
	assert_int_equal(spent, 1000);
	assert_int_equal(d.n, 1);
	expect(&d, "schema-budget", "/name", 1, 7,
		"checking against the schema 'kind.yaml' took more than 1000 steps and was stopped here, so the record cannot be valid (does the schema apply a $ref many times? see git handoff schema check)");
	handoff__diag_list_release(&d);
	handoff__schema_free(s);
	handoff__doc_free(sd);
	free(text);
	handoff__doc_free(id);
}

static void test_schema__budget_stops_doubling_down_the_value(void **state)
{
	/*
	 * Twice the whole schema at each level of the value: the compile-time
	 * check looks at one value at a time and lets it through; 25 levels
	 * would take 2^25 applications. Tried quietly (anyOf, with a true
	 * alternative), running out still fails: never a pass.
	 */
	static const char *const schemas[] = {
		"properties:\n  x: {allOf: [{$ref: '#'}, {$ref: '#'}]}\n",
		"$defs:\n  r: {properties: {x: {allOf: [{$ref: '#/$defs/r'}, {$ref: '#/$defs/r'}]}}}\n"
		"anyOf: [{$ref: '#/$defs/r'}, true]\n",
	};
	struct diag_list d = DIAG_LIST_INIT;
	handoff_buf b = HANDOFF_BUF_INIT;
	struct doc *sd, *id;
	struct schema *s;
	unsigned long spent = 0;
	size_t i, k;

	(void)state;
	for (i = 0; i < 25; i++)
		assert_int_equal(handoff__buf_puts(&b, "{x: "), 0);
	assert_int_equal(handoff__buf_puts(&b, "{}"), 0);
	for (i = 0; i < 25; i++)
		assert_int_equal(handoff__buf_puts(&b, "}"), 0);
	id = load(b.ptr);
	for (k = 0; k < 2; k++) {
		s = compile_ok(schemas[k], &sd);
		assert_int_equal(handoff__schema_validate_counted(s, id->root, SCHEMA_BUDGET,
			&spent, &d), 1);
		assert_int_equal(spent, SCHEMA_BUDGET);
		expect(&d, "schema-budget", NULL, 0, 0, NULL);
		assert_int_equal(d.n, 1);
		handoff__diag_list_release(&d);
		handoff__schema_free(s);
		handoff__doc_free(sd);
	}
	handoff__doc_free(id);
	handoff_buf_dispose(&b);
}

static void test_schema__budget_backs_up_the_check(void **state)
{
	/*
	 * 512 applications per item pass the compile-time check, but 30000
	 * items make 15 million: the budget stops it, and fast.
	 */
	struct diag_list d = DIAG_LIST_INIT;
	char *text = doubling(9), *items;
	handoff_buf b = HANDOFF_BUF_INIT;
	struct doc *sd, *id;
	struct schema *s;
	unsigned long spent = 0;
	size_t i;

	(void)state;
	/* the same definitions, for every item of `list` */
	assert_int_equal(handoff__buf_puts(&b, text), 0);
	assert_int_equal(handoff__buf_puts(&b, "additionalProperties: {items: {$ref: '#/$defs/a1'}}\n"), 0);
	s = compile_ok(b.ptr, &sd);
	handoff_buf_dispose(&b);
	assert_int_equal(handoff__buf_puts(&b, "list: ["), 0);
	for (i = 0; i < 30000; i++)
		assert_int_equal(handoff__buf_puts(&b, "x, "), 0);
	assert_int_equal(handoff__buf_puts(&b, "x]\n"), 0);
	items = b.ptr;
	id = load(items);
	assert_int_equal(handoff__schema_validate_counted(s, id->root, SCHEMA_BUDGET,
		&spent, &d), 1);
	assert_int_equal(spent, SCHEMA_BUDGET);
	assert_int_equal(d.n, 1);
	expect(&d, "schema-budget", NULL, 1, 0, NULL);
	handoff__diag_list_release(&d);
	/* a normal schema over the same list: far below the budget */
	handoff__schema_free(s);
	handoff__doc_free(sd);
	s = compile_ok("additionalProperties: {type: array, items: {type: string, enum: [x, y]}}\n", &sd);
	assert_int_equal(handoff__schema_validate_counted(s, id->root, SCHEMA_BUDGET,
		&spent, &d), 0);
	assert_true(spent < 100000);
	handoff__schema_free(s);
	handoff__doc_free(sd);
	handoff__doc_free(id);
	free(items);
	free(text);
}

static void test_schema__strict_other_drafts(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;

	(void)state;
	assert_true(valid("$schema: https://json-schema.org/draft/2020-12/schema\n", "1"));
	assert_int_equal(compile_fails("$schema: http://json-schema.org/draft-07/schema#\n",
		SCHEMA_STRICT, &d), HANDOFF_ESCHEMA);
	expect(&d, "schema", "/$schema", 1, 10,
		"only JSON Schema 2020-12 is supported ('https://json-schema.org/draft/2020-12/schema'), not 'http://json-schema.org/draft-07/schema#'");
	handoff__diag_list_release(&d);
}

static void test_schema__bad_root(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;

	(void)state;
	assert_int_equal(compile_fails("[1, 2]\n", SCHEMA_STRICT, &d), HANDOFF_ESCHEMA);
	expect(&d, "schema", "", 1, 1, "a schema must be a mapping or true or false, not a list");
	handoff__diag_list_release(&d);
}

static void test_schema__duplicate_ids(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;

	(void)state;
	assert_int_equal(compile_fails("$defs:\n  a: {$anchor: x}\n  b: {$anchor: x}\n",
		SCHEMA_STRICT, &d), HANDOFF_ESCHEMA);
	expect(&d, "schema", "/$defs/b/$anchor", 3, 16, "$anchor '#x' is already used at '/$defs/a/$anchor'");
	handoff__diag_list_release(&d);
}

static void test_schema__free_null(void **state)
{
	(void)state;
	handoff__schema_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schema__type),
		cmocka_unit_test(test_schema__null_instance_is_an_empty_mapping),
		cmocka_unit_test(test_schema__enum),
		cmocka_unit_test(test_schema__const),
		cmocka_unit_test(test_schema__numbers),
		cmocka_unit_test(test_schema__multiple_of),
		cmocka_unit_test(test_schema__lengths_count_code_points),
		cmocka_unit_test(test_schema__pattern),
		cmocka_unit_test(test_schema__format),
		cmocka_unit_test(test_schema__items_and_prefix_items),
		cmocka_unit_test(test_schema__min_max_items),
		cmocka_unit_test(test_schema__unique_items),
		cmocka_unit_test(test_schema__contains),
		cmocka_unit_test(test_schema__required),
		cmocka_unit_test(test_schema__properties_and_additional),
		cmocka_unit_test(test_schema__pattern_properties),
		cmocka_unit_test(test_schema__property_names),
		cmocka_unit_test(test_schema__dependent_required),
		cmocka_unit_test(test_schema__min_max_properties),
		cmocka_unit_test(test_schema__unevaluated_properties),
		cmocka_unit_test(test_schema__all_of_reports_its_members),
		cmocka_unit_test(test_schema__any_of_is_one_summary),
		cmocka_unit_test(test_schema__one_of),
		cmocka_unit_test(test_schema__not),
		cmocka_unit_test(test_schema__if_then_else),
		cmocka_unit_test(test_schema__then_description_explains),
		cmocka_unit_test(test_schema__boolean_schemas),
		cmocka_unit_test(test_schema__ref_local),
		cmocka_unit_test(test_schema__ref_recursive_descends),
		cmocka_unit_test(test_schema__ref_with_ids),
		cmocka_unit_test(test_schema__ref_does_not_evaluate_enum_values),
		cmocka_unit_test(test_schema__all_problems_reported),
		cmocka_unit_test(test_schema__messages_quote_safely),
		cmocka_unit_test(test_schema__pattern_limit_fails_closed),
		cmocka_unit_test(test_schema__pattern_properties_limit),
		cmocka_unit_test(test_schema__deep_value),
		cmocka_unit_test(test_schema__strict_unknown_keyword),
		cmocka_unit_test(test_schema__x_keys_are_ignored),
		cmocka_unit_test(test_schema__strict_bad_patterns),
		cmocka_unit_test(test_schema__strict_bad_refs),
		cmocka_unit_test(test_schema__strict_unknown_format),
		cmocka_unit_test(test_schema__wrong_values_all_reported),
		cmocka_unit_test(test_schema__ref_cycles_refused),
		cmocka_unit_test(test_schema__doubling_refs_refused),
		cmocka_unit_test(test_schema__shared_refs_allowed),
		cmocka_unit_test(test_schema__too_many_subschemas_on_one_value),
		cmocka_unit_test(test_schema__budget_stops_doubling),
		cmocka_unit_test(test_schema__budget_stops_doubling_down_the_value),
		cmocka_unit_test(test_schema__budget_backs_up_the_check),
		cmocka_unit_test(test_schema__strict_other_drafts),
		cmocka_unit_test(test_schema__bad_root),
		cmocka_unit_test(test_schema__duplicate_ids),
		cmocka_unit_test(test_schema__free_null),
	};

	return cmocka_run_group_tests_name("schema", tests, NULL, NULL);
}
