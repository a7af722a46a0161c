/* Refused: a shared object without the briefconv_plugin symbol. */
__attribute__((visibility("default"))) int not_a_plugin(void);
int not_a_plugin(void)
{
    return 1;
}
