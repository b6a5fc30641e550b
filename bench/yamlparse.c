/*
 * The floor of validation: a bare libyaml event parse of each record's
 * front matter, nothing built, nothing checked. Reads the list of files
 * from the file named on the command line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static int parse(const char *text, size_t len)
{
	yaml_parser_t p;
	yaml_event_t e;
	int done = 0, ok = 1;

	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	while (!done && (ok = yaml_parser_parse(&p, &e))) {
		done = e.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&e);
	}
	yaml_parser_delete(&p);
	return ok;
}

int main(int argc, char **argv)
{
	char path[4096], *buf = malloc(1 << 20);
	FILE *list = argc == 2 ? fopen(argv[1], "r") : NULL;
	size_t n = 0, bad = 0;

	if (!list || !buf)
		return 2;
	while (fgets(path, sizeof(path), list)) {
		FILE *f;
		size_t len;
		char *start, *end;

		path[strcspn(path, "\n")] = '\0';
		if (!(f = fopen(path, "rb")))
			return 2;
		len = fread(buf, 1, (1 << 20) - 1, f);
		fclose(f);
		buf[len] = '\0';
		start = strncmp(buf, "---\n", 4) ? buf : buf + 4;
		end = strstr(start, "\n---\n");
		bad += !parse(start, end ? (size_t)(end - start + 1) : len - (size_t)(start - buf));
		n++;
	}
	printf("%zu files, %zu unreadable\n", n, bad);
	return 0;
}
