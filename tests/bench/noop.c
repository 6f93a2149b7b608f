/* The do-nothing app whose whole-process start-up the benchmark times. */
int main(void)
{
	return 0;
}
