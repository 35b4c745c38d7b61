# Convenience targets for developers; the README's two commands are ./run.sh and ./test.sh.
.PHONY: run test bench bench-scale lint clean
run:
	./run.sh
test:
	./test.sh
bench:
	scripts/setup-venv.sh test && .venv/bin/python benchmarks/bench_et0.py
	.venv/bin/python benchmarks/bench_scale.py --sizes 1000
bench-scale:
	scripts/setup-venv.sh test && .venv/bin/python benchmarks/bench_scale.py --sizes 1000 10000
	.venv/bin/python benchmarks/bench_scale.py --sizes 100000 --modes 2
lint:
	scripts/setup-venv.sh test && .venv/bin/ruff check src tests benchmarks
clean:
	rm -rf .venv build src/*.egg-info .pytest_cache .ruff_cache
